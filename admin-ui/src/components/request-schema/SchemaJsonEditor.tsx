import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMonacoTheme } from '../../lib/color-scheme';
import { locateJsonPath, pointerSegments } from '../../lib/json-schema/locate';
import type { SchemaPart } from '../../lib/json-schema/request-schema-text';
import { requestSchemaModelPath, setupJsonSchemaLanguage } from '../../lib/monaco/json-schema';
import type { Monaco } from '../../lib/monaco/core';
import { baseEditorOptions } from '../../lib/monaco/editor-options';
import { LoadingState } from '../states';

type CodeEditor = Parameters<OnMount>[0];

/** A problem the server found in the schema: where (a JSON Pointer into it) and what. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

export interface SchemaJsonEditorProps {
  /** The endpoint's id, or `new` while creating: one model per endpoint and part. */
  scope: string;
  part: SchemaPart;
  value: string;
  onChange: (text: string) => void;
  readOnly: boolean;
  label: string;
  /** Marked in the text where they point (the server's 400 details). */
  problems: readonly SchemaProblem[];
  /** How many problems Monaco's own check finds (the meta-schema, JSON syntax). */
  onMarkerCount?: (count: number) => void;
}

const SERVER_OWNER = 'scriptgate-server';

/** Monaco's JSON editor for a request schema, checked against the 2020-12 meta-schema as it is typed. */
export default function SchemaJsonEditor(props: SchemaJsonEditorProps) {
  const { t } = useTranslation();
  const monacoTheme = useMonacoTheme();
  const { scope, part, value, readOnly, problems, label } = props;
  const monaco = setupJsonSchemaLanguage({
    localRefOnly: t('requestSchema.localRefOnly'),
    unknownKeyword: t('requestSchema.unknownKeyword'),
  });
  const editorRef = useRef<CodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    mark(monaco, editor, latest.current.problems);
  };

  useEffect(() => {
    if (editorRef.current) mark(monaco, editorRef.current, problems);
  }, [monaco, problems, value]);

  return (
    <div className="schema-editor" role="group" aria-label={label} data-testid={`schema-editor-${part}`}>
      <Editor
        theme={monacoTheme}
        path={requestSchemaModelPath(scope, part)}
        language="json"
        value={value}
        onChange={(text) => latest.current.onChange(text ?? '')}
        onMount={onMount}
        onValidate={(markers) => latest.current.onMarkerCount?.(markers.length)}
        loading={<LoadingState label={t('editor.loadingEditor')} />}
        options={{ ...baseEditorOptions(readOnly, label), lineNumbersMinChars: 3 }}
      />
    </div>
  );
}

function mark(monaco: Monaco, editor: CodeEditor, problems: readonly SchemaProblem[]) {
  const model = editor.getModel();
  if (!model) return;
  const text = model.getValue();
  monaco.editor.setModelMarkers(
    model,
    SERVER_OWNER,
    problems.map((problem) => {
      const range = locateJsonPath(text, pointerSegments(problem.pointer)) ?? {
        startLine: 1,
        startColumn: 1,
        endLine: 1,
        endColumn: 2,
      };
      return {
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: range.startLine,
        startColumn: range.startColumn,
        endLineNumber: range.endLine,
        endColumn: range.endColumn,
      };
    }),
  );
}
