import type { ProcessRecord } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { KeyValueTable, Section } from '../../../../components/data-display';
import { HttpStatus } from '../../../../components/StatusChip';
import { formatDateTime, formatDuration } from '../../../../lib/format';
import { LiveDuration } from '../LiveDuration';

export function TimingsPanel({ record }: { record: ProcessRecord }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  const waitedMs = record.startedAt ? Date.parse(record.startedAt) - Date.parse(record.queuedAt) : null;
  const duration =
    record.durationMs === null && record.startedAt && record.status === 'running' ? (
      <LiveDuration since={record.startedAt} />
    ) : (
      formatDuration(record.durationMs)
    );
  const entries: Array<[string, ReactNode]> = [
    [t('process.timings.queuedAt'), at(record.queuedAt)],
    [t('process.timings.startedAt'), at(record.startedAt)],
    [t('process.timings.finishedAt'), at(record.finishedAt)],
    [t('process.timings.waited'), formatDuration(waitedMs)],
    [t('process.timings.duration'), duration],
    [t('process.timings.attempt'), String(record.attempt)],
  ];
  if (record.rerunOf) {
    entries.push([t('process.timings.rerunOf'), <Link to={`/processes/${record.rerunOf}`}>{record.rerunOf}</Link>]);
  }
  return (
    <Section title={t('process.timings.title')}>
      <KeyValueTable entries={entries} />
      {record.callbackAttempts.length > 0 ? (
        <>
          <h3 className="panel__subtitle">{t('process.callbacks.title')}</h3>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('process.callbacks.at')}</th>
                <th scope="col">{t('process.callbacks.result')}</th>
                <th scope="col" className="table__num">
                  {t('process.timings.duration')}
                </th>
              </tr>
            </thead>
            <tbody>
              {record.callbackAttempts.map((attempt, index) => (
                <tr key={index}>
                  <td title={attempt.url}>{at(attempt.at)}</td>
                  <td>
                    {attempt.error ? (
                      <span className="text-bad">{attempt.error}</span>
                    ) : (
                      <HttpStatus status={attempt.status} />
                    )}
                  </td>
                  <td className="table__num">{formatDuration(attempt.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Section>
  );
}
