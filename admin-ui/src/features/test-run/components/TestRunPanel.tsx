import type { HttpMethod, JsonSchema, RequestSchema, ScenarioLanguage, TestRunRequest, TestRunResult } from '@contract';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Diagnostic } from '../../../api/client';
import { IconPlay } from '../../../components/icons';
import { InlineError, Spinner } from '../../../components/states';
import type { SchemaPart } from '../../../lib/json-schema/request-schema-text';
import type { ScenarioLocation } from '../../../lib/stack';
import { useRecordedRequest, useTestRun } from '../api/hooks';
import { buildTestRequest, defaultDraft, draftFromProcess, type RequestDraft } from '../lib/request-model';
import { buildSchemaForm, initialFormValue, placeErrors } from '../lib/schema-form';
import { PastProcessPicker } from './PastProcessPicker';
import { RequestBuilder } from './RequestBuilder';
import { SchemaForm } from './SchemaForm';
import { TestRunResultView } from './TestRunResultView';

export interface TestRunHandle {
  run(): void;
}

export type TestRunOutcome = { result: TestRunResult; diagnostics: [] } | { result: null; diagnostics: Diagnostic[] };

interface TestRunPanelProps {
  endpointId: string;
  methods: HttpMethod[];
  /** The unsaved code in the editor, read when the run starts. */
  getDraft: () => { code: string; language: ScenarioLanguage };
  /** Open with the request recorded on this process (from the process detail page). */
  initialProcessId: string | null;
  onOutcome: (outcome: TestRunOutcome) => void;
  onGoTo: (location: ScenarioLocation) => void;
  handleRef?: Ref<TestRunHandle>;
  /**
   * Secrets the endpoint was granted, when the draft gets placeholders for them instead of the
   * values (a non-admin's run): said next to the run, so `[secret:NAME]` in a result is no surprise.
   */
  placeholderSecrets?: readonly string[];
  /** The body schema as the editor holds it (the draft, else the saved one): the form is made from it. */
  bodySchema?: JsonSchema | undefined;
  /**
   * The request schema to check a run against, read when the run starts: `value` undefined means
   * the saved one; not ok when the draft has a problem (the run would not check what the editor shows).
   */
  getRequestSchema?: () => { ok: true; value?: RequestSchema | null } | { ok: false; part: SchemaPart };
}

type Source = 'builder' | 'form' | 'process';
const SOURCES: readonly Source[] = ['builder', 'form', 'process'];
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The form starts from the JSON body being built when that is an object, else from the schema's defaults. */
function startingBody(jsonBody: string, fallback: () => unknown): unknown {
  try {
    const parsed = JSON.parse(jsonBody) as unknown;
    if (isObject(parsed)) return parsed;
  } catch {
    // not JSON: the schema's defaults
  }
  return fallback();
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Runs the unsaved draft against a built or recorded request; Ctrl/Cmd+Enter anywhere on the page runs it. */
export function TestRunPanel(props: TestRunPanelProps) {
  const { endpointId, methods, getDraft, initialProcessId, onOutcome, onGoTo, handleRef, placeholderSecrets } = props;
  const { bodySchema, getRequestSchema } = props;
  const { t } = useTranslation();
  const [source, setSource] = useState<Source>(initialProcessId ? 'process' : 'builder');
  const [processId, setProcessId] = useState<string | null>(initialProcessId);
  const [draft, setDraft] = useState<RequestDraft>(() => defaultDraft(methods));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [loadRecorded, setLoadRecorded] = useState(false);
  const [schemaProblem, setSchemaProblem] = useState<SchemaPart | null>(null);
  const form = useMemo(() => buildSchemaForm(bodySchema), [bodySchema]);
  const [formBody, setFormBody] = useState<unknown>(undefined);
  const mutation = useTestRun(endpointId);
  const recorded = useRecordedRequest(loadRecorded ? processId : null);

  // "Edit as a new request": the recorded request becomes the builder's draft.
  useEffect(() => {
    if (!loadRecorded || !recorded.data) return;
    setDraft(draftFromProcess(recorded.data.request, methods));
    setSource('builder');
    setLoadRecorded(false);
  }, [loadRecorded, recorded.data, methods]);

  /** The form edits the JSON body of the builder's draft, so both always send the same. */
  function changeFormBody(body: unknown) {
    setFormBody(body);
    setDraft((current) => ({ ...current, bodyType: 'json', jsonBody: JSON.stringify(body ?? {}, null, 2) }));
  }

  function chooseSource(next: Source) {
    setSource(next);
    if (next !== 'form' || !form) return;
    // The builder's example body is not what this endpoint takes: a fresh form starts from the schema.
    const untouched = formBody === undefined && draft.jsonBody === defaultDraft(methods).jsonBody;
    const defaults = () => initialFormValue(form);
    changeFormBody(untouched ? defaults() : startingBody(draft.jsonBody, defaults));
    // A body needs a method that carries one.
    if (!BODY_METHODS.includes(draft.method)) {
      const method = methods.find((allowed) => BODY_METHODS.includes(allowed));
      if (method) setDraft((current) => ({ ...current, method }));
    }
  }

  function run() {
    if (mutation.isPending) return;
    const { code, language } = getDraft();
    const input: TestRunRequest = { code, language };
    const schema = getRequestSchema?.() ?? { ok: true };
    if (!schema.ok) {
      setSchemaProblem(schema.part);
      return;
    }
    setSchemaProblem(null);
    if (schema.value !== undefined) input.requestSchema = schema.value;
    if (source === 'process' && processId) {
      input.fromProcessId = processId;
    } else {
      const built = buildTestRequest(draft);
      if (!built.ok) {
        setJsonError(built.detail);
        return;
      }
      input.request = built.request;
    }
    setJsonError(null);
    mutation.mutate(input, {
      onSuccess: (result) => onOutcome({ result, diagnostics: [] }),
      onError: (error) => {
        if (isApiError(error) && error.code === 'compile_error')
          onOutcome({ result: null, diagnostics: error.diagnostics });
      },
    });
  }
  const latestRun = useRef(run);
  latestRun.current = run;
  useImperativeHandle(handleRef, () => ({ run: () => latestRun.current() }));

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // Inside Monaco the editor's own command runs it (and stops the event); do not run twice.
      const inEditor = event.target instanceof Element && !!event.target.closest('.monaco-editor');
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && !event.defaultPrevented && !inEditor) {
        event.preventDefault();
        latestRun.current();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const compileError = isApiError(mutation.error) && mutation.error.code === 'compile_error';
  const result = mutation.isPending ? undefined : mutation.data;
  const placed = useMemo(
    () => (form && result?.validationErrors ? placeErrors(form, result.validationErrors) : new Map<string, string[]>()),
    [form, result],
  );
  return (
    <section className="test-run" aria-labelledby="test-run-title">
      <header className="test-run__header">
        <h2 id="test-run-title">{t('testRun.title')}</h2>
        <button
          type="button"
          className="btn btn--primary"
          onClick={run}
          disabled={mutation.isPending}
          data-testid="run-test"
        >
          {mutation.isPending ? <Spinner /> : <IconPlay />}
          {mutation.isPending ? t('testRun.running') : t('testRun.run')}
          <kbd className="kbd">{isMac ? '⌘↵' : 'Ctrl+↵'}</kbd>
        </button>
      </header>
      <p className="test-run__hint">{t('testRun.hint')}</p>
      {placeholderSecrets && placeholderSecrets.length > 0 ? (
        <p className="test-run__hint" data-testid="secret-placeholders">
          {t('testRun.secretPlaceholders', {
            example: `ctx.secrets.${placeholderSecrets[0]} === '[secret:${placeholderSecrets[0]}]'`,
          })}
        </p>
      ) : null}
      <div className="segmented segmented--full" role="radiogroup" aria-label={t('testRun.source')}>
        {SOURCES.map((option) => (
          <label key={option} className="segmented__option">
            <input
              type="radio"
              name="test-run-source"
              checked={source === option}
              onChange={() => chooseSource(option)}
            />
            <span>{t(`testRun.sources.${option}`)}</span>
          </label>
        ))}
      </div>
      {source === 'builder' ? <RequestBuilder draft={draft} onChange={setDraft} jsonError={jsonError} /> : null}
      {source === 'form' && form ? (
        <SchemaForm form={form} value={formBody} onChange={changeFormBody} errors={placed} />
      ) : null}
      {source === 'form' && !form ? (
        <p className="muted">{bodySchema === undefined ? t('testRun.form.noSchema') : t('testRun.form.notObject')}</p>
      ) : null}
      {source === 'process' ? (
        <PastProcessPicker
          endpointId={endpointId}
          processId={processId}
          onChange={setProcessId}
          onEdit={() => setLoadRecorded(true)}
          loading={loadRecorded && recorded.isFetching}
        />
      ) : null}
      {schemaProblem ? (
        <p className="inline-error" role="alert">
          {t('testRun.draftSchemaInvalid', { part: t(`requestSchema.${schemaProblem}`) })}
        </p>
      ) : null}
      <div className="test-run__output" aria-live="polite">
        {compileError ? (
          <p className="inline-error" role="alert">
            {t('testRun.compileError')}
          </p>
        ) : mutation.error ? (
          <InlineError error={mutation.error} />
        ) : null}
        {mutation.data && !mutation.isPending ? (
          <TestRunResultView key={mutation.submittedAt} result={mutation.data} onGoTo={onGoTo} />
        ) : null}
        {!mutation.data && !mutation.error && !mutation.isPending ? (
          <p className="muted test-run__empty">{t('testRun.empty')}</p>
        ) : null}
      </div>
    </section>
  );
}
