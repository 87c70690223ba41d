import ts from 'typescript';
import sandboxTypes from '../monaco/typings/scriptgate-sandbox.d.ts?raw';

// The options the editor checks scenarios with (monaco/setup.ts): plain ES2022 plus the sandbox
// typings, no DOM and no Node, null checks on.
const EDITOR_OPTIONS: ts.CompilerOptions = {
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
  noEmit: true,
};
const TYPINGS_FILE = '/scriptgate/sandbox.d.ts';
const EXTRA_FILE = '/scriptgate/request-schema.d.ts';
/** The ES library files, parsed once for every check (parsing them is most of a check's cost). */
const libFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * What the editor's problems list would show for this code ("file:line message"), with the
 * sandbox typings and, as the editor adds them per endpoint, `extraTypings`.
 */
export function editorProblems(code: string, language: 'javascript' | 'typescript', extraTypings = ''): string[] {
  const fileName = language === 'typescript' ? '/endpoint/scenario.ts' : '/endpoint/scenario.js';
  const files = new Map([
    [fileName, code],
    [TYPINGS_FILE, sandboxTypes],
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
  const program = ts.createProgram([fileName, TYPINGS_FILE, EXTRA_FILE], EDITOR_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`
        : '';
    return `${line} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}
