import ts from 'typescript';
import { SHADOW_TYPES, shadowScenario } from '../monaco/scenario-shadow';
import sandboxTypes from '../monaco/typings/scriptgate-sandbox.d.ts?raw';
import { EDITOR_OPTIONS } from './type-check';

/**
 * The names the editor's completion list offers where `|` stands in `code` (the marker is taken
 * out first): a language service over the same files and shadow as the editor's worker.
 */
export function editorCompletions(codeWithCursor: string, language: 'javascript' | 'typescript', extraTypings = '') {
  const position = codeWithCursor.indexOf('|');
  if (position < 0) throw new Error('Mark the cursor with |');
  const code = codeWithCursor.slice(0, position) + codeWithCursor.slice(position + 1);
  const fileName = language === 'typescript' ? '/endpoint/scenario.ts' : '/endpoint/scenario.js';
  const files = new Map([
    [fileName, shadowScenario(ts, fileName, code).text],
    ['/scriptgate/sandbox.d.ts', sandboxTypes],
    ['/scriptgate/scenario-shadow.d.ts', SHADOW_TYPES],
    ['/scriptgate/request-schema.d.ts', extraTypings],
  ]);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => EDITOR_OPTIONS,
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = files.get(name) ?? ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/',
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => files.has(name) || ts.sys.fileExists(name),
    readFile: (name) => files.get(name) ?? ts.sys.readFile(name),
  };
  const service = ts.createLanguageService(host);
  const completions = service.getCompletionsAtPosition(fileName, position, {});
  return (completions?.entries ?? []).map((entry) => entry.name);
}
