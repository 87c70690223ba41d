import type { ProcessRecord } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { KeyValueTable, Section } from '../../../../components/data-display';
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
    </Section>
  );
}
