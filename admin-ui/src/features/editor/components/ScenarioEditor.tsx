import Editor, { type OnMount } from '@monaco-editor/react';
import type { ScenarioLanguage } from '@contract';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMonacoTheme } from '../../../lib/color-scheme';
import { LoadingState } from '../../../components/states';
import { baseEditorOptions } from '../../../lib/monaco/editor-options';
import { rewriteMarkers, type RewriteMessages } from '../lib/diagnostic-rewrite';
import {
  COMPILE_OWNER,
  RUN_OWNER,
  diagnosticsToMarkers,
  markersToProblems,
  type CompileDiagnostic,
  type Problem,
} from '../lib/problems';
import { secretTypings } from '../lib/secret-typings';
import { applyRequestTypings } from '../monaco/request-typings';
import { scenarioModelPath, setupMonaco, type Monaco } from '../monaco/setup';

setupMonaco();

type CodeEditor = Parameters<OnMount>[0];

export interface RunErrorMark {
  line: number;
  column: number;
  message: string;
}

export interface ScenarioEditorHandle {
  revealPosition(line: number, column?: number): void;
  focus(): void;
}

interface ScenarioEditorProps {
  endpointId: string;
  language: ScenarioLanguage;
  value: string;
  onChange: (code: string) => void;
  readOnly: boolean;
  /** From the server's `compile_error` on save or test run. */
  compileDiagnostics: readonly CompileDiagnostic[];
  /** The scenario line a test run failed at. */
  runError: RunErrorMark | null;
  onProblems: (problems: Problem[]) => void;
  onRun?: () => void;
  onSave?: () => void;
  handleRef?: Ref<ScenarioEditorHandle>;
  label: string;
  /** Declarations that type `request.body` / `request.query` from the endpoint's schema (draft included). */
  requestTypings?: string;
  /** The secret names granted to the endpoint: `ctx.secrets.` offers them and flags any other. */
  grantedSecrets?: readonly string[];
}

/** What the editor says instead of TypeScript's project and npm advice, in the admin's language. */
function sandboxMessages(t: TFunction): RewriteMessages {
  return {
    notInSandbox: (name) => t('editorAssist.diagnostics.notInSandbox', { name }),
    notImportable: (module) => t('editorAssist.diagnostics.notImportable', { module }),
    unclosed: (open, close, endLine) => t('editorAssist.diagnostics.unclosed', { open, close, endLine }),
    secretNotGranted: (name, granted) =>
      granted.length
        ? t('editorAssist.diagnostics.secretNotGranted', { name, granted: granted.join(', ') })
        : t('editorAssist.diagnostics.noSecretsGranted', { name }),
  };
}

/** Monaco with the sandbox typings; one model per scenario; Ctrl/Cmd+Enter runs, Ctrl/Cmd+S saves. */
export function ScenarioEditor(props: ScenarioEditorProps) {
  const { t } = useTranslation();
  const monacoTheme = useMonacoTheme();
  const { endpointId, language, value, readOnly, compileDiagnostics, runError, requestTypings = '' } = props;
  const secretNames = props.grantedSecrets?.join('\n');
  const editorRef = useRef<CodeEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const decorations = useRef<ReturnType<CodeEditor['createDecorationsCollection']> | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const rewriteMessages = useRef(sandboxMessages(t));
  rewriteMessages.current = sandboxMessages(t);

  useImperativeHandle(props.handleRef, () => ({
    revealPosition(line, column = 1) {
      const editor = editorRef.current;
      if (!editor) return;
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
    focus: () => editorRef.current?.focus(),
  }));

  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    monacoRef.current = monaco as unknown as Monaco;
    decorations.current = editor.createDecorationsCollection();
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave?.());
    // TypeScript's markers, said for the sandbox (diagnostic-rewrite.ts): set back under the same
    // owner as soon as Monaco sets them; the rewritten ones need no second change, so this ends.
    const rewriting = monaco.editor.onDidChangeMarkers((uris) => {
      const model = editor.getModel();
      if (!model || !uris.some((uri) => uri.toString() === model.uri.toString())) return;
      const owner = model.getLanguageId();
      const markers = monaco.editor.getModelMarkers({ resource: model.uri, owner });
      const next = rewriteMarkers(markers, rewriteMessages.current, latest.current.grantedSecrets ?? []);
      if (next) monaco.editor.setModelMarkers(model, owner, next);
    });
    editor.onDidDispose(() => rewriting.dispose());
    applyMarkers();
  };

  function applyMarkers() {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    const model = editor?.getModel();
    if (!editor || !monaco || !model) return;
    const lineCount = model.getLineCount();
    monaco.editor.setModelMarkers(model, COMPILE_OWNER, diagnosticsToMarkers(compileDiagnostics, lineCount));
    const run = runError ? diagnosticsToMarkers([runError], lineCount) : [];
    monaco.editor.setModelMarkers(model, RUN_OWNER, run);
    decorations.current?.set(
      run.map((marker) => ({
        range: new monaco.Range(marker.startLineNumber, 1, marker.startLineNumber, 1),
        options: {
          isWholeLine: true,
          className: 'editor-line--error',
          linesDecorationsClassName: 'editor-gutter--error',
        },
      })),
    );
  }

  // Re-applied when the diagnostics change or the model changes (language switch).
  useEffect(applyMarkers, [compileDiagnostics, runError, language, endpointId]);

  useEffect(
    () =>
      applyRequestTypings(
        setupMonaco(),
        secretNames === undefined
          ? requestTypings
          : requestTypings + secretTypings(secretNames.split('\n').filter(Boolean)),
      ),
    [requestTypings, secretNames],
  );

  return (
    <div className="scenario-editor" role="group" aria-label={props.label}>
      <Editor
        theme={monacoTheme}
        path={scenarioModelPath(endpointId, language)}
        language={language}
        value={value}
        onChange={(code) => props.onChange(code ?? '')}
        onMount={onMount}
        onValidate={(markers) => latest.current.onProblems(markersToProblems(markers))}
        loading={<LoadingState label={t('editor.loadingEditor')} />}
        options={{ ...baseEditorOptions(readOnly, props.label), renderLineHighlight: 'line' }}
      />
    </div>
  );
}
