import type { EndpointDetail, ScenarioLanguage } from '@contract';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { isApiError, type Diagnostic } from '../api/client';
import { useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { useToast } from '../components/Toasts';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { useSaveScenario } from '../features/editor/api/hooks';
import { EditorToolbar, PublishControls } from '../features/editor/components/EditorToolbar';
import { ProblemsList } from '../features/editor/components/ProblemsList';
import { requestTypings } from '../features/editor/lib/schema-to-ts';
import {
  ScenarioEditor,
  type RunErrorMark,
  type ScenarioEditorHandle,
} from '../features/editor/components/ScenarioEditor';
import type { Problem } from '../features/editor/lib/problems';
import { convertSignature, templateCode, type TemplateId } from '../features/editor/templates';
import { useEndpoint } from '../features/endpoints/api/hooks';
import { useSchemaDraft } from '../features/endpoints/api/use-schema-draft';
import { EndpointHeader } from '../features/endpoints/components/EndpointHeader';
import { scenarioLocked } from '../features/endpoints/lib/admin-only';
import { TestRunPanel, type TestRunHandle, type TestRunOutcome } from '../features/test-run/components/TestRunPanel';
import { usePermission, useSession } from '../lib/session';
import { scenarioLocation, type ScenarioLocation } from '../lib/stack';
import { BackToEndpoints } from './back-links';
import { SchemaView, ViewSwitch, type WorkbenchView } from './scenario-schema-view';

const NO_DIAGNOSTICS: Diagnostic[] = [];

function ScenarioWorkbench({ endpoint }: { endpoint: EndpointDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [search] = useSearchParams();
  const role = useSession().user?.role;
  const mayWrite = usePermission('scenario.write');
  // Code of an endpoint whose responses are not sandboxed runs on the admin's origin: only an
  // admin publishes it (the server refuses anyone else). Others may still edit and test a draft.
  const locked = mayWrite && scenarioLocked(endpoint, role);
  const canWrite = mayWrite && !locked;
  const canTest = usePermission('scenario.testRun');
  const canWriteSchema = usePermission('endpoints.write');
  const save = useSaveScenario(endpoint.id);
  const schema = useSchemaDraft(endpoint);
  const typings = useMemo(() => requestTypings(schema.typed), [schema.typed]);
  const [view, setView] = useState<WorkbenchView>('scenario');
  // The schema's editors load on first use, then stay (hidden) with their undo history.
  const [schemaOpened, setSchemaOpened] = useState(false);
  const showView = (next: WorkbenchView) => {
    if (next === 'schema') setSchemaOpened(true);
    setView(next);
  };
  const [code, setCode] = useState(endpoint.code);
  const [language, setLanguage] = useState<ScenarioLanguage>(endpoint.language);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>(NO_DIAGNOSTICS);
  const [runError, setRunError] = useState<RunErrorMark | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const editorRef = useRef<ScenarioEditorHandle>(null);
  const testRunRef = useRef<TestRunHandle>(null);
  const draft = useRef({ code, language });
  draft.current = { code, language };
  const dirty = code !== endpoint.code || language !== endpoint.language;

  const onChange = useCallback((next: string) => {
    setCode(next);
    setDiagnostics((current) => (current.length ? NO_DIAGNOSTICS : current));
  }, []);

  function saveDraft() {
    if (!canWrite || save.isPending) return;
    const { code: source, language: lang } = draft.current;
    save.mutate(
      { code: source, language: lang },
      {
        onSuccess: (version) => {
          setDiagnostics(NO_DIAGNOSTICS);
          toast('success', t('editor.savedVersion', { version: version.version }));
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'compile_error') {
            setDiagnostics(error.diagnostics);
            toast('error', t('editor.compileFailed'));
          } else {
            toast('error', isApiError(error) ? error.message : t('editor.saveFailed'));
          }
        },
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
          <PublishControls
            onSave={saveDraft}
            saving={save.isPending}
            dirty={dirty}
            readOnly={!canWrite}
            version={endpoint.scenarioVersion}
          />
        }
      />
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
            />
            {locked ? (
              <p className="notice notice--warning notice--inline" role="note" data-testid="scenario-locked">
                {t('editor.lockedUnsandboxed')}
              </p>
            ) : canWrite ? null : (
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
              onSave={saveDraft}
              handleRef={editorRef}
              label={t('editor.label', { slug: endpoint.slug })}
              requestTypings={typings}
            />
            <ProblemsList problems={problems} onSelect={(problem) => goTo(problem)} />
          </div>
        </section>
        {canTest ? (
          <aside className="workbench__side">
            <TestRunPanel
              endpointId={endpoint.id}
              methods={endpoint.methods}
              getDraft={() => draft.current}
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
      <UnsavedChangesGuard dirty={(dirty && canWrite) || (schema.dirty && canWriteSchema)} />
    </>
  );
}

export function EndpointEditorPage() {
  const { t } = useTranslation();
  const { endpointId = '' } = useParams();
  const endpoint = useEndpoint(endpointId);
  useDocumentTitle(
    endpoint.data ? `${endpoint.data.slug} · ${t('endpoints.tabs.scenario')}` : t('endpoints.tabs.scenario'),
  );
  if (endpoint.isPending) return <LoadingState />;
  if (endpoint.isError)
    return <ErrorState error={endpoint.error} onRetry={() => void endpoint.refetch()} back={<BackToEndpoints />} />;
  return (
    <div className="page page--wide">
      <ScenarioWorkbench key={endpoint.data.id} endpoint={endpoint.data} />
    </div>
  );
}
