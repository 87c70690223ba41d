// The scenario editor's languages: JS/TS with the sandbox typings (workers and the Monaco
// instance come from lib/monaco/core.ts). Imported only by the lazy editor routes.
import 'monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution';
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution';
import type { languages } from 'monaco-editor/esm/vs/editor/editor.api';
import { setupMonacoCore, type Monaco } from '../../../lib/monaco/core';
import { SHADOW_TYPES, SHADOW_TYPES_URI } from './scenario-shadow';
import ScenarioTsWorker from './scenario-ts.worker?worker';
import sandboxTypes from './typings/scriptgate-sandbox.d.ts?raw';

export type { Monaco };
export const SANDBOX_TYPES_URI = 'file:///scriptgate/sandbox.d.ts';

let configured = false;

/** Idempotent: the shared Monaco core, the TS/JS compiler options and the sandbox typings. */
export function setupMonaco(): Monaco {
  const monaco = setupMonacoCore();
  if (configured) return monaco;
  configured = true;

  routeScriptsToScenarioWorker();
  const { typescript } = monaco.languages;
  // The sandbox is plain ES2022 plus the globals declared in the typings: no DOM, no Node.
  const compilerOptions: languages.typescript.CompilerOptions = {
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
    // Every scenario is a module, also when the shadow took its only `export` away.
    moduleDetection: 3 /* ModuleDetectionKind.Force */,
  };
  for (const defaults of [typescript.typescriptDefaults, typescript.javascriptDefaults]) {
    defaults.setCompilerOptions(compilerOptions);
    defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
    defaults.setExtraLibs([
      { content: sandboxTypes, filePath: SANDBOX_TYPES_URI },
      { content: SHADOW_TYPES, filePath: SHADOW_TYPES_URI },
    ]);
    defaults.setEagerModelSync(true);
  }
  return monaco;
}

/**
 * JS and TS models are checked by the scenario worker (scenario-ts.worker.ts: Monaco's worker
 * reading scenarios through their shadow), every other language by the core's workers. Set on
 * the environment the core made; scenarios are the only JS/TS the admin edits.
 */
function routeScriptsToScenarioWorker() {
  const environment = self.MonacoEnvironment;
  const coreWorker = environment?.getWorker?.bind(environment);
  if (!environment || !coreWorker) return;
  environment.getWorker = (workerId, label) =>
    label === 'typescript' || label === 'javascript' ? new ScenarioTsWorker() : coreWorker(workerId, label);
}

/** The URI of the one model kept per scenario (its extension picks the language service). */
export function scenarioModelPath(endpointId: string, language: 'javascript' | 'typescript'): string {
  return `file:///endpoints/${encodeURIComponent(endpointId)}/scenario.${language === 'typescript' ? 'ts' : 'js'}`;
}
