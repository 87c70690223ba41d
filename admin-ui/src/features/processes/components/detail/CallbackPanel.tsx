import type { ProcessCallback, ProcessRecord } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyValueTable, Section } from '../../../../components/data-display';
import { IconRefresh } from '../../../../components/icons';
import { HttpStatus } from '../../../../components/StatusChip';
import { useToast } from '../../../../components/Toasts';
import { serverMessage } from '../../../../lib/describe-error';
import { formatDateTime, formatDuration, formatRelative, formatStamp } from '../../../../lib/format';
import { isFinished, useDeliverCallback } from '../../api/hooks';

const TONE: Record<ProcessCallback['status'], string> = { pending: 'info', delivered: 'good', failed: 'bad' };

function CallbackStatusBadge({ status }: { status: ProcessCallback['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${TONE[status]}`} data-testid="callback-status">
      {t(`process.callback.statuses.${status}`)}
    </span>
  );
}

/**
 * The signed POST of the final status to the endpoint's callback URL: where, how it went, every
 * attempt, and a way to send it again (the receiver lost it, or was fixed after the retries ran out).
 */
export function CallbackPanel({ record, canDeliver }: { record: ProcessRecord; canDeliver: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const deliver = useDeliverCallback(record.id);
  const callback = record.callback;
  if (!callback) return null;
  const at = (iso: string) => formatDateTime(iso, i18n.language);
  const entries: Array<[string, ReactNode]> = [
    [t('process.callback.url'), <code className="callback-url">{callback.url}</code>],
  ];
  if (callback.status === 'pending' && callback.nextAttemptAt) {
    entries.push([
      t('process.callback.nextAttempt'),
      <time dateTime={callback.nextAttemptAt} title={at(callback.nextAttemptAt)}>
        {formatRelative(callback.nextAttemptAt, i18n.language)}
      </time>,
    ]);
  }

  function deliverAgain() {
    deliver.mutate(undefined, {
      onSuccess: () => toast('success', t('process.callback.delivering')),
      onError: (error) => toast('error', serverMessage(error) ?? t('process.callback.deliverFailed')),
    });
  }

  return (
    <Section title={t('process.callback.title')} actions={<CallbackStatusBadge status={callback.status} />}>
      <KeyValueTable entries={entries} />
      {callback.attempts.length === 0 ? (
        <p className="muted callback-none">{t('process.callback.noAttempts')}</p>
      ) : (
        <table className="table table--compact callback-attempts" aria-label={t('process.callback.attempts')}>
          <thead>
            <tr>
              <th scope="col">{t('process.callback.at')}</th>
              <th scope="col">{t('process.callback.result')}</th>
            </tr>
          </thead>
          <tbody>
            {callback.attempts.map((attempt, index) => (
              <tr key={index} data-testid="callback-attempt">
                <td className="callback-attempts__time">
                  <time dateTime={attempt.at} title={at(attempt.at)}>
                    {formatStamp(attempt.at, i18n.language)}
                  </time>
                </td>
                <td>
                  {attempt.status !== undefined ? <HttpStatus status={attempt.status} /> : null}
                  {attempt.error ? <span className="text-bad callback-error"> {attempt.error}</span> : null}
                  <span className="callback-attempts__took"> · {formatDuration(attempt.durationMs)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canDeliver ? (
        <div className="panel__footer-actions">
          <button
            type="button"
            className="btn btn--small"
            onClick={deliverAgain}
            disabled={deliver.isPending || !isFinished(record.status)}
          >
            <IconRefresh /> {deliver.isPending ? t('common.working') : t('process.callback.deliverAgain')}
          </button>
        </div>
      ) : null}
    </Section>
  );
}
