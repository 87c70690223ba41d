import type { ProcessSummary } from '@contract';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { HttpStatus, StatusChip } from '../../../components/StatusChip';
import { formatDateTime, formatDuration, formatRelative } from '../../../lib/format';
import { LiveDuration } from './LiveDuration';
import { AttemptBadge, IdempotencyKeyBadge } from './RunBadges';

/** Newest first; rows that arrived live are highlighted for a moment. */
export function ProcessTable({ items, arrived }: { items: ProcessSummary[]; arrived: ReadonlySet<string> }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <table className="table table--processes" data-testid="process-table">
      <thead>
        <tr>
          <th scope="col">{t('processes.columns.status')}</th>
          <th scope="col">{t('processes.columns.time')}</th>
          <th scope="col">{t('processes.columns.endpoint')}</th>
          <th scope="col">{t('processes.columns.request')}</th>
          <th scope="col">{t('processes.columns.body')}</th>
          <th scope="col">{t('processes.columns.mode')}</th>
          <th scope="col">{t('processes.columns.response')}</th>
          <th scope="col" className="table__num">
            {t('processes.columns.duration')}
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((process) => (
          <tr
            key={process.id}
            className={`table__row--link${arrived.has(process.id) ? ' table__row--new' : ''}`}
            data-process-id={process.id}
            onClick={(event) => {
              if ((event.target as HTMLElement).closest('a, button')) return;
              navigate(`/processes/${process.id}`);
            }}
          >
            <td>
              <StatusChip status={process.status} />
            </td>
            <td>
              <Link to={`/processes/${process.id}`} title={formatDateTime(process.queuedAt, i18n.language)}>
                {formatRelative(process.queuedAt, i18n.language)}
              </Link>
            </td>
            <td>
              <code>{process.slug}</code>
              <span className="muted"> v{process.scenarioVersion}</span>
            </td>
            <td className="table__request">
              <span className={`method method--${process.request.method.toLowerCase()}`}>{process.request.method}</span>{' '}
              <code>{process.request.subpath || '/'}</code>
            </td>
            <td className="table__preview" title={process.bodyPreview ?? undefined} data-testid="body-preview">
              {process.bodyPreview ?? <span className="muted">{t('processes.noBody')}</span>}
            </td>
            <td>
              {t(`mode.${process.mode}`)}
              <IdempotencyKeyBadge idempotencyKey={process.idempotencyKey} />
              <AttemptBadge attempt={process.attempt} />
            </td>
            <td>
              <HttpStatus status={process.responseStatus} />
            </td>
            <td className="table__num">
              {process.durationMs === null && process.startedAt && process.status === 'running' ? (
                <LiveDuration since={process.startedAt} />
              ) : (
                formatDuration(process.durationMs)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
