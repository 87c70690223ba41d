import type { EndpointDetail, ScenarioDraftInfo } from '@contract';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { isApiError, type Diagnostic } from '../api/client';
import { useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { useToast } from '../components/Toasts';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { useDraft } from '../features/editor/api/hooks';
import { useScenarioDraft } from '../features/editor/api/use-scenario-draft';
import { DraftControls } from '../features/editor/components/DraftControls';
import { EditorToolbar } from '../features/editor/components/EditorToolbar';
import { PublishDialog } from '../features/editor/components/PublishDialog';
import { ProblemsList } from '../features/editor/components/ProblemsList';
import { requestTypings } from '../features/editor/lib/schema-to-ts';
import {
  ScenarioEditor,
  type RunErrorMark,
  type ScenarioEditorHandle,
} from '../features/editor/components/ScenarioEditor';
import type { Problem } from '../features/editor/lib/problems';
import { convertSignature, templateCode, type TemplateId } from '../features/editor/templates';
import { useEndpoint, useUpdateEndpoint } from '../features/endpoints/api/hooks';
import { useSchemaDraft } from '../features/endpoints/api/use-schema-draft';
import { EndpointHeader } from '../features/endpoints/components/EndpointHeader';
import { UsageDialog } from '../features/endpoints/components/UsageDialog';
import { scenarioLocked } from '../features/endpoints/lib/admin-only';
import { TestRunPanel, type TestRunHandle, type TestRunOutcome } from '../features/test-run/components/TestRunPanel';
import { usePermission, useSession } from '../lib/session';
import { scenarioLocation, type ScenarioLocation } from '../lib/stack';
import { BackToEndpoints } from './back-links';
import { SchemaView, ViewSwitch, type WorkbenchView } from './scenario-schema-view';

const NO_DIAGNOSTICS: Diagnostic[] = [];

/**
 * Draft, then publish: the editor opens the saved draft (or the live code), Save (Ctrl/Cmd+S)
 * keeps it on the server while the live version serves, Publish… confirms with the diff.
 */
function ScenarioWorkbench({
  endpoint,
  initialDraft,
}: {
  endpoint: EndpointDetail;
  initialDraft: ScenarioDraftInfo | null;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [search] = useSearchParams();
  const role = useSession().user?.role;
  const mayWrite = usePermission('scenario.write');
  // Code of an endpoint whose responses are not sandboxed runs on the admin's origin: only an
  // admin publishes it (the server refuses anyone else). Others may still edit, save and test a draft.
  const locked = mayWrite && scenarioLocked(endpoint, role);
  const canTest = usePermission('scenario.testRun');
  const canWriteSchema = usePermission('endpoints.write');
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>(NO_DIAGNOSTICS);
  const work = useScenarioDraft({
    endpoint,
    initialDraft,
    mayWrite,
    canPublish: mayWrite && !locked,
    onDiagnostics: (next) => setDiagnostics(next.length ? next : NO_DIAGNOSTICS),
  });
  const { code, language, setCode, setLanguage } = work;
  const turnOn = useUpdateEndpoint(endpoint.id);
  const schema = useSchemaDraft(endpoint);
  const typings = useMemo(() => requestTypings(schema.typed), [schema.typed]);
  const [view, setView] = useState<WorkbenchView>('scenario');
  // The schema's editors load on first use, then stay (hidden) with their undo history.
  const [schemaOpened, setSchemaOpened] = useState(false);
  const showView = (next: WorkbenchView) => {
    if (next === 'schema') setSchemaOpened(true);
    setView(next);
  };
  const [snippetsOpen, setSnippetsOpen] = useState(false);
  const [runError, setRunError] = useState<RunErrorMark | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const editorRef = useRef<ScenarioEditorHandle>(null);
  const testRunRef = useRef<TestRunHandle>(null);

  const onChange = useCallback(
    (next: string) => {
      setCode(next);
      setDiagnostics((current) => (current.length ? NO_DIAGNOSTICS : current));
    },
    [setCode],
  );

  function turnEndpointOn() {
    turnOn.mutate(
      { enabled: true },
      {
        onSuccess: () => toast('success', t('editor.turnedOn', { version: endpoint.scenarioVersion })),
        onError: (error) => toast('error', isApiError(error) ? error.message : t('editor.saveFailed')),
      },
    );
  }

  function onOutcome(outcome: TestRunOutcome) {
    setDiagnostics(outcome.diagnostics.length ? outcome.diagnostics : NO_DIAGNOSTICS);
    const location = outcome.result?.error ? scenarioLocation(outcome.result.error.stack) : null;
    setRunError(location && outcome.result?.error ? { ...location, message: outcome.result.error.message } : null);
  }

  const goTo = (location: ScenarioLocation) => editorRef.current?.revealPosition(location.line, location.column);

  return (
    <>
      <EndpointHeader
        endpoint={endpoint}
        actions={
          <DraftControls
            draft={work.savedDraft}
            liveVersion={endpoint.scenarioVersion}
            dirty={work.dirty}
            changed={work.changed}
            canSave={mayWrite}
            canPublish={mayWrite && !locked}
            busy={work.busy}
            onSave={work.saveIfDirty}
            onPublish={work.openPublish}
            onDiscard={work.discardDraft}
          />
        }
      />
      {endpoint.enabled ? null : (
        <p className="notice notice--warning" role="note" data-testid="endpoint-off">
          {t('editor.offNotice')}{' '}
          {canWriteSchema ? (
            <button type="button" className="btn btn--small" onClick={turnEndpointOn} disabled={turnOn.isPending}>
              {t('editor.turnOn')}
            </button>
          ) : null}
        </p>
      )}
      {work.savedDraft && work.changed && work.savedDraft.basedOnVersion < endpoint.scenarioVersion ? (
        <p className="notice notice--warning" role="note" data-testid="stale-draft">
          {t('editor.staleDraft', { base: work.savedDraft.basedOnVersion, live: endpoint.scenarioVersion })}
        </p>
      ) : null}
      <div className={`workbench${canTest ? '' : ' workbench--single'}`}>
        <section className="workbench__editor" aria-label={t('editor.title')}>
          <ViewSwitch view={view} onChange={showView} schemaDirty={schema.dirty} />
          {view === 'schema' || schemaOpened ? (
            <div hidden={view !== 'schema'}>
              <SchemaView
                endpointId={endpoint.id}
                draft={schema}
                readOnly={!canWriteSchema}
                onSaved={() => toast('success', t('requestSchema.saved'))}
                onFailed={(error) => toast('error', isApiError(error) ? error.message : t('editor.saveFailed'))}
              />
            </div>
          ) : null}
          {/* Hidden, not unmounted, behind the schema: the scenario keeps its model, markers and undo. */}
          <div className="workbench__scenario" hidden={view !== 'scenario'}>
            <EditorToolbar
              language={language}
              onLanguageChange={(next) => {
                setCode((current) => convertSignature(current, language, next));
                setLanguage(next);
              }}
              onTemplate={(id: TemplateId) => onChange(templateCode(id, language))}
              readOnly={!mayWrite}
              onShowSnippets={() => setSnippetsOpen(true)}
            />
            {locked ? (
              <p className="notice notice--warning notice--inline" role="note" data-testid="scenario-locked">
                {t('editor.lockedUnsandboxed')}
              </p>
            ) : mayWrite ? null : (
              <p className="notice notice--inline">{t('editor.readOnly')}</p>
            )}
            <ScenarioEditor
              endpointId={endpoint.id}
              language={language}
              value={code}
              onChange={onChange}
              readOnly={!mayWrite}
              compileDiagnostics={diagnostics}
              runError={runError}
              onProblems={setProblems}
              onRun={() => testRunRef.current?.run()}
              onSave={work.saveIfDirty}
              handleRef={editorRef}
              label={t('editor.label', { slug: endpoint.slug })}
              requestTypings={typings}
              grantedSecrets={endpoint.secrets}
            />
            <ProblemsList problems={problems} onSelect={(problem) => goTo(problem)} />
          </div>
        </section>
        {canTest ? (
          <aside className="workbench__side">
            <TestRunPanel
              endpointId={endpoint.id}
              methods={endpoint.methods}
              getDraft={() => work.latest.current}
              initialProcessId={search.get('fromProcess')}
              onOutcome={onOutcome}
              onGoTo={goTo}
              handleRef={testRunRef}
              placeholderSecrets={role === 'admin' ? [] : endpoint.secrets}
              bodySchema={schema.typed?.body}
              getRequestSchema={schema.forTestRun}
            />
          </aside>
        ) : null}
      </div>
      {work.publishOpen && work.savedDraft ? (
        <PublishDialog
          endpointId={endpoint.id}
          live={work.live}
          draft={work.savedDraft}
          endpointOff={!endpoint.enabled}
          onPublish={work.publishDraft}
          onClose={work.closePublish}
        />
      ) : null}
      {snippetsOpen ? <UsageDialog endpoint={endpoint} onClose={() => setSnippetsOpen(false)} /> : null}
      <UnsavedChangesGuard dirty={work.dirty || (schema.dirty && canWriteSchema)} />
    </>
  );
}

export function EndpointEditorPage() {
  const { t } = useTranslation();
  const { endpointId = '' } = useParams();
  const endpoint = useEndpoint(endpointId);
  const mayWrite = usePermission('scenario.write');
  const draft = useDraft(endpointId, { enabled: mayWrite });
  useDocumentTitle(
    endpoint.data ? `${endpoint.data.slug} · ${t('endpoints.tabs.scenario')}` : t('endpoints.tabs.scenario'),
  );
  if (endpoint.isPending || (mayWrite && draft.isPending)) return <LoadingState />;
  if (endpoint.isError)
    return <ErrorState error={endpoint.error} onRetry={() => void endpoint.refetch()} back={<BackToEndpoints />} />;
  if (draft.isError)
    return <ErrorState error={draft.error} onRetry={() => void draft.refetch()} back={<BackToEndpoints />} />;
  return (
    <div className="page page--wide page--workbench">
      <ScenarioWorkbench key={endpoint.data.id} endpoint={endpoint.data} initialDraft={draft.data ?? null} />
    </div>
  );
}
