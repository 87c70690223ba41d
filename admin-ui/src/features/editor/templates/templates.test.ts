import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../../../i18n/en';
import { ru } from '../../../i18n/ru';
import sandboxTypes from '../monaco/typings/scriptgate-sandbox.d.ts?raw';
import { TEMPLATE_IDS, convertSignature, handlerSignature, templateCode, type TemplateId } from './index';

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
/** The ES library files, parsed once for every check (parsing them is most of a check's cost). */
const libFiles = new Map<string, ts.SourceFile | undefined>();

/** What the editor's problems list would show for this code: message and line. */
function editorProblems(code: string, language: 'javascript' | 'typescript'): string[] {
  const fileName = language === 'typescript' ? '/endpoint/scenario.ts' : '/endpoint/scenario.js';
  const files = new Map([
    [fileName, code],
    [TYPINGS_FILE, sandboxTypes],
  ]);
  const host = ts.createCompilerHost(EDITOR_OPTIONS);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version, true);
    if (!libFiles.has(name)) libFiles.set(name, readLib(name, version));
    return libFiles.get(name);
  };
  const program = ts.createProgram([fileName, TYPINGS_FILE], EDITOR_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`
        : '';
    return `${line} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('scenario templates', () => {
  it.each(TEMPLATE_IDS)('%s is valid JavaScript with a default-exported handler', (id) => {
    const code = templateCode(id, 'javascript');
    expect(code.startsWith('/**')).toBe(true);
    expect(code).toContain('export default async function handler(request, ctx)');
    // Parses as a function body once the module keyword is taken away.
    expect(() => new Function(code.replace('export default ', ''))).not.toThrow();
  });

  // A full type check per language: seconds on a busy machine.
  it.each(TEMPLATE_IDS)(
    '%s shows no problem in the editor, in TypeScript and in JavaScript',
    (id) => {
      expect(editorProblems(templateCode(id, 'typescript'), 'typescript')).toEqual([]);
      expect(editorProblems(templateCode(id, 'javascript'), 'javascript')).toEqual([]);
    },
    30_000,
  );

  it('would show a type error the editor shows (the check is not vacuous)', { timeout: 30_000 }, () => {
    const broken = templateCode('blank', 'typescript').replace('return', 'const attempts: number = "three";\n  return');
    expect(editorProblems(broken, 'typescript').join('\n')).toContain(
      "Type 'string' is not assignable to type 'number'",
    );
    expect(editorProblems('export default () => process.env.TOKEN', 'javascript').join('\n')).toContain("'process'");
  });

  it.each(TEMPLATE_IDS)('%s has a title and a description in English and Russian', (id: TemplateId) => {
    for (const texts of [en.templates, ru.templates] as Array<Record<string, unknown>>) {
      expect(texts[id]).toMatchObject({ title: expect.any(String), description: expect.any(String) });
    }
  });

  it('types the handler parameters in TypeScript', () => {
    expect(templateCode('blank', 'typescript')).toContain('handler(request: ScenarioRequest, ctx: ScenarioContext)');
  });

  it('switches our own signature between languages and leaves other code alone', () => {
    const js = templateCode('redirect', 'javascript');
    const ts = convertSignature(js, 'javascript', 'typescript');
    expect(ts).toBe(templateCode('redirect', 'typescript'));
    expect(convertSignature(ts, 'typescript', 'javascript')).toBe(js);
    expect(convertSignature('export default () => 1', 'javascript', 'typescript')).toBe('export default () => 1');
    expect(handlerSignature('javascript')).toContain('@param {ScenarioRequest} request');
  });
});
