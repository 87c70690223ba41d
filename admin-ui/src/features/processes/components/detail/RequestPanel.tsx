import type { ProcessRecord } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, KeyValueTable, Section, recordEntries } from '../../../../components/data-display';
import { Tabs } from '../../../../components/Tabs';
import { formatBytes, prettyBody } from '../../../../lib/format';

type Part = 'body' | 'headers' | 'query' | 'files';

export function RequestPanel({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const { request } = record;
  const [part, setPart] = useState<Part>('body');
  const body = prettyBody(request.body);
  return (
    <Section title={t('process.request')}>
      <p className="request-line">
        <span className={`method method--${request.method.toLowerCase()}`}>{request.method}</span>
        <code className="request-line__url">{request.url}</code>
      </p>
      <Tabs
        compact
        label={t('process.request')}
        active={part}
        onChange={setPart}
        tabs={[
          { key: 'body', label: t('testRun.body') },
          { key: 'headers', label: t('testRun.headers'), badge: Object.keys(request.headers).length || null },
          { key: 'query', label: t('testRun.query'), badge: Object.keys(request.query).length || null },
          { key: 'files', label: t('process.files'), badge: request.files.length || null },
        ]}
      >
        {part === 'body' ? (
          body ? (
            <>
              <CodeBlock text={body} maxHeight={360} />
              {request.bodyTruncated ? <p className="field__hint">{t('common.truncated')}</p> : null}
            </>
          ) : (
            <p className="muted">{t('process.noBody')}</p>
          )
        ) : null}
        {part === 'headers' ? <KeyValueTable entries={Object.entries(request.headers)} /> : null}
        {part === 'query' ? <KeyValueTable entries={recordEntries(request.query)} /> : null}
        {part === 'files' ? (
          request.files.length === 0 ? (
            <p className="muted">{t('process.noFiles')}</p>
          ) : (
            <table className="kv-table">
              <tbody>
                {request.files.map((file, index) => (
                  <tr key={`${file.field}-${index}`}>
                    <th scope="row">{file.field}</th>
                    <td>
                      {file.name} · {file.contentType} · {formatBytes(file.size)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </Tabs>
    </Section>
  );
}
