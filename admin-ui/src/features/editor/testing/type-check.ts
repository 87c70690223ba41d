import ts from 'typescript';
import { SHADOW_TYPES, shadowScenario, touchesHidden } from '../monaco/scenario-shadow';
import sandboxTypes from '../monaco/typings/scriptgate-sandbox.d.ts?raw';

// The options the editor checks scenarios with (monaco/setup.ts): plain ES2022 plus the sandbox
// typings, no DOM and no Node, null checks on.
export const EDITOR_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: false,
  noImplicitAny: false,
  strictNullChecks: true,
  allowJs: true,
  checkJs: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  noEmit: true,
};
const TYPINGS_FILE = '/scriptgate/sandbox.d.ts';
const EXTRA_FILE = '/scriptgate/request-schema.d.ts';
const SHADOW_FILE = '/scriptgate/scenario-shadow.d.ts';
/** The ES library files, parsed once for every check (parsing them is most of a check's cost). */
const libFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * What the editor's problems list would show for this code ("file:line message"), with the
 * sandbox typings and, as the editor adds them per endpoint, `extraTypings`. The code is read
 * through the same shadow as the editor's worker (monaco/scenario-shadow.ts), and what the
 * shadow wrote over is left out as the worker leaves it out.
 */
export function editorProblems(code: string, language: 'javascript' | 'typescript', extraTypings = ''): string[] {
  return editorDiagnostics(code, language, extraTypings).map(({ line, message }) => `${line} ${message}`);
}

export interface EditorDiagnostic {
  /** "file:line", or "" for a diagnostic of no file. */
  line: string;
  code: number;
  message: string;
}

export function editorDiagnostics(
  code: string,
  language: 'javascript' | 'typescript',
  extraTypings = '',
): EditorDiagnostic[] {
  return checkScenario(code, language, extraTypings).map((diagnostic) => ({
    line:
      diagnostic.file && diagnostic.start !== undefined
        ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`
        : '',
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

/** TypeScript's diagnostics of the scenario as the editor's worker gives them (the shadow's own left out). */
export function checkScenario(
  code: string,
  language: 'javascript' | 'typescript',
  extraTypings = '',
): readonly ts.Diagnostic[] {
  const fileName = language === 'typescript' ? '/endpoint/scenario.ts' : '/endpoint/scenario.js';
  const shadow = shadowScenario(ts, fileName, code);
  const files = new Map([
    [fileName, shadow.text],
    [TYPINGS_FILE, sandboxTypes],
    [SHADOW_FILE, SHADOW_TYPES],
    [EXTRA_FILE, extraTypings],
  ]);
  const host = ts.createCompilerHost(EDITOR_OPTIONS);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version, true);
    if (!libFiles.has(name)) libFiles.set(name, readLib(name, version));
    return libFiles.get(name);
  };
  const program = ts.createProgram([fileName, TYPINGS_FILE, SHADOW_FILE, EXTRA_FILE], EDITOR_OPTIONS, host);
  const hidden = (diagnostic: ts.Diagnostic) =>
    diagnostic.file?.fileName === fileName &&
    touchesHidden(shadow.hiddenRanges, diagnostic.start ?? 0, diagnostic.length ?? 0);
  return ts.getPreEmitDiagnostics(program).filter((diagnostic) => !hidden(diagnostic));
}
