import Editor, { type OnMount } from '@monaco-editor/react';
import type { ScenarioLanguage } from '@contract';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../../components/states';
import { baseEditorOptions } from '../../../lib/monaco/editor-options';
import {
  COMPILE_OWNER,
  RUN_OWNER,
  diagnosticsToMarkers,
  markersToProblems,
  type CompileDiagnostic,
  type Problem,
} from '../lib/problems';
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
}

/** Monaco with the sandbox typings; one model per scenario; Ctrl/Cmd+Enter runs, Ctrl/Cmd+S saves. */
export function ScenarioEditor(props: ScenarioEditorProps) {
  const { t } = useTranslation();
  const { endpointId, language, value, readOnly, compileDiagnostics, runError, requestTypings = '' } = props;
  const editorRef = useRef<CodeEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const decorations = useRef<ReturnType<CodeEditor['createDecorationsCollection']> | null>(null);
  const latest = useRef(props);
  latest.current = props;

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

  useEffect(() => applyRequestTypings(setupMonaco(), requestTypings), [requestTypings]);

  return (
    <div className="scenario-editor" role="group" aria-label={props.label}>
      <Editor
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
