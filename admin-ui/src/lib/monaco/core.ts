// Monaco, bundled: the editor core and its language workers come from this build (never a CDN).
// Imported only by lazily loaded screens and components, so it stays out of the main chunk.
import { loader } from '@monaco-editor/react';
import 'monaco-editor/esm/vs/editor/edcore.main';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker';

export type Monaco = typeof monaco;

let configured = false;

/**
 * Idempotent: the workers of every language the admin edits (scenarios in JS/TS, request schemas
 * in JSON) and the local Monaco instance for @monaco-editor/react. One place, because
 * `MonacoEnvironment` is global: whoever set it last would decide for every editor.
 */
export function setupMonacoCore(): Monaco {
  if (configured) return monaco;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_workerId, label) {
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
    },
  };
  loader.config({ monaco });
  return monaco;
}
