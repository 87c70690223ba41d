// Monaco, bundled: the editor core, the JS/TS language service and its workers come from
// this build (never a CDN). Imported only by the lazy editor routes, so it is its own chunk.
import { loader } from '@monaco-editor/react';
import 'monaco-editor/esm/vs/editor/edcore.main';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import 'monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution';
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker';
import sandboxTypes from './typings/scriptgate-sandbox.d.ts?raw';

export type Monaco = typeof monaco;
export const SANDBOX_TYPES_URI = 'file:///scriptgate/sandbox.d.ts';

let configured = false;

/** Idempotent: workers, the local Monaco instance for @monaco-editor/react, and the sandbox typings. */
export function setupMonaco(): Monaco {
  if (configured) return monaco;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_workerId, label) {
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      return new EditorWorker();
    },
  };
  loader.config({ monaco });

  const { typescript } = monaco.languages;
  // The sandbox is plain ES2022 plus the globals declared in the typings: no DOM, no Node.
  const compilerOptions: monaco.languages.typescript.CompilerOptions = {
    target: typescript.ScriptTarget.ES2020,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.NodeJs,
    lib: ['es2022'],
    allowNonTsExtensions: true,
    strict: false,
    noImplicitAny: false,
    strictNullChecks: true,
    checkJs: true,
    allowJs: true,
  };
  for (const defaults of [typescript.typescriptDefaults, typescript.javascriptDefaults]) {
    defaults.setCompilerOptions(compilerOptions);
    defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
    defaults.setExtraLibs([{ content: sandboxTypes, filePath: SANDBOX_TYPES_URI }]);
    defaults.setEagerModelSync(true);
  }
  return monaco;
}

/** The URI of the one model kept per scenario (its extension picks the language service). */
export function scenarioModelPath(endpointId: string, language: 'javascript' | 'typescript'): string {
  return `file:///endpoints/${encodeURIComponent(endpointId)}/scenario.${language === 'typescript' ? 'ts' : 'js'}`;
}
