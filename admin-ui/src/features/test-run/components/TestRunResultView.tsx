import type { TestRunResult } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, KeyValueTable } from '../../../components/data-display';
import { HttpStatus } from '../../../components/StatusChip';
import { Tabs } from '../../../components/Tabs';
import { OutboundLists, outboundProblems } from '../../../components/outbound';
import { LogLines, RunErrorBox } from '../../../components/run-output';
import { formatBytes, formatDuration, responseBodyText } from '../../../lib/format';
import type { ScenarioLocation } from '../../../lib/stack';

type Part = 'body' | 'headers' | 'logs' | 'outbound';

/**
 * Status, duration, body, headers, logs and what the draft sent out (its fetches and mail: a test
 * run really sends them) of a test run, with the error (and its line) on top.
 */
export function TestRunResultView({
  result,
  onGoTo,
}: {
  result: TestRunResult;
  onGoTo: (location: ScenarioLocation) => void;
}) {
  const { t, i18n } = useTranslation();
  const [part, setPart] = useState<Part>(result.error && !result.response ? 'logs' : 'body');
  const response = result.response;
  const outboundCount = result.fetches.length + result.mails.length;
  const problems = outboundProblems(result.fetches, result.mails);
  return (
    <div className="run-result" data-testid="test-run-result">
      <div className="run-result__summary">
        {response ? (
          <HttpStatus status={response.status} />
        ) : (
          <span className="badge badge--bad">{t('testRun.noResponse')}</span>
        )}
        <span className="run-result__duration">
          {t('testRun.took', { duration: formatDuration(result.durationMs) })}
        </span>
        {problems > 0 ? (
          <button type="button" className="badge badge--bad badge--button" onClick={() => setPart('outbound')}>
            {t('outbound.problems', { count: problems })}
          </button>
        ) : null}
        {response && response.bodyEncoding === 'base64' ? (
          <span className="muted">
            {t('testRun.binary', { size: formatBytes(Math.floor((response.body.length * 3) / 4)) })}
          </span>
        ) : null}
      </div>
      {result.validationErrors ? (
        <div className="run-rejected" role="alert" data-testid="validation-errors">
          <p className="run-rejected__title">{t('testRun.rejected.title')}</p>
          <ul>
            {result.validationErrors.map((error) => (
              <li key={`${error.path} ${error.message}`}>
                <code>{error.path || '/'}</code> {error.message}
              </li>
            ))}
          </ul>
        </div>
      ) : result.error ? (
        <RunErrorBox error={result.error} onGoTo={onGoTo} />
      ) : null}
      <Tabs
        compact
        label={t('testRun.result')}
        active={part}
        onChange={setPart}
        tabs={[
          { key: 'body', label: t('testRun.body') },
          {
            key: 'headers',
            label: t('testRun.headers'),
            badge: response ? Object.keys(response.headers).length : null,
          },
          { key: 'logs', label: t('logs.title'), badge: result.logs.length || null },
          { key: 'outbound', label: t('outbound.tab'), badge: outboundCount || null },
        ]}
      >
        {part === 'body' ? (
          response && response.body ? (
            <>
              <CodeBlock text={responseBodyText(response)} maxHeight={320} />
              {response.bodyTruncated ? <p className="field__hint">{t('common.truncated')}</p> : null}
            </>
          ) : (
            <p className="muted">{t('testRun.emptyBody')}</p>
          )
        ) : null}
        {part === 'headers' ? <KeyValueTable entries={response ? Object.entries(response.headers) : []} /> : null}
        {part === 'logs' ? <LogLines logs={result.logs} locale={i18n.language} /> : null}
        {part === 'outbound' ? <OutboundLists fetches={result.fetches} mails={result.mails} /> : null}
      </Tabs>
    </div>
  );
}
