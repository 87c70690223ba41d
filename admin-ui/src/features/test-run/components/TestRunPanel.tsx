import type { HttpMethod, ScenarioLanguage, TestRunRequest, TestRunResult } from '@contract';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Diagnostic } from '../../../api/client';
import { IconPlay } from '../../../components/icons';
import { InlineError, Spinner } from '../../../components/states';
import type { ScenarioLocation } from '../../../lib/stack';
import { useRecordedRequest, useTestRun } from '../api/hooks';
import { buildTestRequest, defaultDraft, draftFromProcess, type RequestDraft } from '../lib/request-model';
import { PastProcessPicker } from './PastProcessPicker';
import { RequestBuilder } from './RequestBuilder';
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
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Runs the unsaved draft against a built or recorded request; Ctrl/Cmd+Enter anywhere on the page runs it. */
export function TestRunPanel(props: TestRunPanelProps) {
  const { endpointId, methods, getDraft, initialProcessId, onOutcome, onGoTo, handleRef, placeholderSecrets } = props;
  const { t } = useTranslation();
  const [source, setSource] = useState<'builder' | 'process'>(initialProcessId ? 'process' : 'builder');
  const [processId, setProcessId] = useState<string | null>(initialProcessId);
  const [draft, setDraft] = useState<RequestDraft>(() => defaultDraft(methods));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [loadRecorded, setLoadRecorded] = useState(false);
  const mutation = useTestRun(endpointId);
  const recorded = useRecordedRequest(loadRecorded ? processId : null);

  // "Edit as a new request": the recorded request becomes the builder's draft.
  useEffect(() => {
    if (!loadRecorded || !recorded.data) return;
    setDraft(draftFromProcess(recorded.data.request, methods));
    setSource('builder');
    setLoadRecorded(false);
  }, [loadRecorded, recorded.data, methods]);

  function run() {
    if (mutation.isPending) return;
    const { code, language } = getDraft();
    const input: TestRunRequest = { code, language };
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
        {(['builder', 'process'] as const).map((option) => (
          <label key={option} className="segmented__option">
            <input type="radio" name="test-run-source" checked={source === option} onChange={() => setSource(option)} />
            <span>{t(`testRun.sources.${option}`)}</span>
          </label>
        ))}
      </div>
      {source === 'builder' ? (
        <RequestBuilder draft={draft} onChange={setDraft} jsonError={jsonError} />
      ) : (
        <PastProcessPicker
          endpointId={endpointId}
          processId={processId}
          onChange={setProcessId}
          onEdit={() => setLoadRecorded(true)}
          loading={loadRecorded && recorded.isFetching}
        />
      )}
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
