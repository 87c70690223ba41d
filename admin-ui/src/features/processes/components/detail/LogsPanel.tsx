import type { ProcessRecord } from '@contract';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../../../../components/data-display';
import { LogLines } from '../../../../components/run-output';

/** Log lines; while the process runs new lines stream in and the view follows them. */
export function LogsPanel({ record, live }: { record: ProcessRecord; live: boolean }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (live && element) element.scrollTop = element.scrollHeight;
  }, [record.logs.length, live]);
  return (
    <Section
      title={t('logs.title')}
      actions={
        live ? (
          <span className="live-badge">{t('logs.streaming')}</span>
        ) : (
          <span className="muted">{t('logs.count', { count: record.logs.length })}</span>
        )
      }
    >
      <div ref={box} className="logs-box" aria-live={live ? 'polite' : 'off'}>
        <LogLines logs={record.logs} locale={i18n.language} />
      </div>
      {record.logsTruncated ? <p className="field__hint">{t('logs.truncated')}</p> : null}
    </Section>
  );
}
