import type { ProcessRecord } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, KeyValueTable, Section } from '../../../../components/data-display';
import { HttpStatus } from '../../../../components/StatusChip';
import { Tabs } from '../../../../components/Tabs';
import { responseBodyText } from '../../../../lib/format';

export function ResponsePanel({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<'body' | 'headers'>('body');
  const response = record.response;
  return (
    <Section title={t('process.response')} actions={response ? <HttpStatus status={response.status} /> : null}>
      {!response ? (
        <p className="muted">
          {record.status === 'queued' || record.status === 'running'
            ? t('process.noResponseYet')
            : t('process.noResponse')}
        </p>
      ) : (
        <Tabs
          compact
          label={t('process.response')}
          active={part}
          onChange={setPart}
          tabs={[
            { key: 'body', label: t('testRun.body') },
            { key: 'headers', label: t('testRun.headers'), badge: Object.keys(response.headers).length || null },
          ]}
        >
          {part === 'body' ? (
            response.body ? (
              <>
                {response.bodyEncoding === 'base64' ? <p className="field__hint">{t('process.base64')}</p> : null}
                <CodeBlock text={responseBodyText(response)} maxHeight={360} />
                {response.bodyTruncated ? <p className="field__hint">{t('common.truncated')}</p> : null}
              </>
            ) : (
              <p className="muted">{t('testRun.emptyBody')}</p>
            )
          ) : (
            <KeyValueTable entries={Object.entries(response.headers)} />
          )}
        </Tabs>
      )}
    </Section>
  );
}
