import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { RunErrorBox } from '../components/run-output';
import { Section } from '../components/data-display';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { StatusChip } from '../components/StatusChip';
import { isFinished, useProcess } from '../features/processes/api/hooks';
import { CallbackPanel } from '../features/processes/components/detail/CallbackPanel';
import { CallerPanel } from '../features/processes/components/detail/CallerPanel';
import { LogsPanel } from '../features/processes/components/detail/LogsPanel';
import { OutboundPanel } from '../features/processes/components/detail/OutboundPanel';
import { ProcessActions } from '../features/processes/components/detail/ProcessActions';
import { RequestPanel } from '../features/processes/components/detail/RequestPanel';
import { ResponsePanel } from '../features/processes/components/detail/ResponsePanel';
import { RunFacts } from '../features/processes/components/detail/RunFacts';
import { TimingsPanel } from '../features/processes/components/detail/TimingsPanel';
import { usePermission } from '../lib/session';
import { BackToProcesses } from './back-links';

export function ProcessDetailPage() {
  const { t } = useTranslation();
  const { processId = '' } = useParams();
  const process = useProcess(processId);
  const canDeliver = usePermission('process.deliverCallback');
  useDocumentTitle(t('process.title', { id: processId.slice(0, 8) }));

  if (process.isPending) return <LoadingState />;
  if (process.isError)
    return <ErrorState error={process.error} onRetry={() => void process.refetch()} back={<BackToProcesses />} />;
  const record = process.data;
  const live = !isFinished(record.status);
  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/processes">{t('nav.processes')}</Link>}
        title={
          <span className="process-title">
            {t('process.title', { id: record.id })} <StatusChip status={record.status} />
          </span>
        }
        subtitle={
          <>
            <Link to={`/endpoints/${record.endpointId}`}>
              <code>{record.slug}</code>
            </Link>{' '}
            · {t('process.versionMode', { version: record.scenarioVersion, mode: t(`mode.${record.mode}`) })}
            <RunFacts record={record} />
          </>
        }
        actions={<ProcessActions record={record} />}
      />
      {record.error ? (
        <Section title={t('process.error')}>
          <RunErrorBox error={record.error} />
        </Section>
      ) : null}
      <div className="detail-grid">
        <div className="detail-grid__main">
          <RequestPanel record={record} />
          <ResponsePanel record={record} />
        </div>
        <div className="detail-grid__side">
          <TimingsPanel record={record} />
          <CallbackPanel record={record} canDeliver={canDeliver} />
          <CallerPanel record={record} />
        </div>
      </div>
      <OutboundPanel record={record} />
      <LogsPanel record={record} live={live} />
    </div>
  );
}
