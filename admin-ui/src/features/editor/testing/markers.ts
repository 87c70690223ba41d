import ts from 'typescript';
import type { TsMarker } from '../lib/diagnostic-rewrite';
import { MARKER_SEVERITY } from '../lib/problems';
import { unclosedBraceByIndent } from '../monaco/unclosed-brace';
import { checkScenario } from './type-check';

function place(file: ts.SourceFile, start: number, length: number) {
  const from = file.getLineAndCharacterOfPosition(start);
  const to = file.getLineAndCharacterOfPosition(start + length);
  return {
    startLineNumber: from.line + 1,
    startColumn: from.character + 1,
    endLineNumber: to.line + 1,
    endColumn: to.character + 1,
  };
}

/** As the scenario worker does: "'}' expected" names the `{` the indentation says was left open. */
function pointAtUnclosedBrace(code: string, diagnostic: ts.Diagnostic): ts.Diagnostic {
  const opened = diagnostic.relatedInformation?.find((info) => info.code === 1007);
  const position = diagnostic.code === 1005 && opened ? unclosedBraceByIndent(ts, code) : null;
  if (!opened || position === null) return diagnostic;
  return { ...diagnostic, relatedInformation: [{ ...opened, start: position }] };
}

/** The markers Monaco's TypeScript support would set for the scenario (as its tsMode converts them). */
export function editorMarkers(code: string, language: 'javascript' | 'typescript', extraTypings = ''): TsMarker[] {
  return checkScenario(code, language, extraTypings)
    .map((diagnostic) => pointAtUnclosedBrace(code, diagnostic))
    .filter((diagnostic) => diagnostic.file && /\/endpoint\//.test(diagnostic.file.fileName))
    .map((diagnostic) => ({
      severity: MARKER_SEVERITY.Error,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      code: String(diagnostic.code),
      ...place(diagnostic.file!, diagnostic.start ?? 0, diagnostic.length ?? 0),
      relatedInformation: (diagnostic.relatedInformation ?? [])
        .filter((info) => info.file)
        .map((info) => ({
          ...place(info.file!, info.start ?? 0, info.length ?? 0),
          message: ts.flattenDiagnosticMessageText(info.messageText, '\n'),
        })),
    }));
}
