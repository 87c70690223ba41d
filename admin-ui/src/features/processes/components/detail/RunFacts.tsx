import type { ProcessRecord } from '@contract';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../../components/CopyButton';
import { AttemptBadge } from '../RunBadges';

/**
 * The header's line about which try this is and what the caller asked to be done once: the
 * attempt (a retry is flagged and explained, since the scenario ran again) and the caller's
 * `Idempotency-Key`, whole and copyable, to match against the caller's own log.
 */
export function RunFacts({ record }: { record: Pick<ProcessRecord, 'attempt' | 'idempotencyKey'> }) {
  const { t } = useTranslation();
  const retried = record.attempt > 1;
  return (
    <span className="run-facts" data-testid="run-facts">
      <span className="run-facts__item">
        {retried ? (
          <>
            <AttemptBadge attempt={record.attempt} />
            <span className="muted">{t('process.attempt.retryHint')}</span>
          </>
        ) : (
          t('process.attempt.label', { attempt: record.attempt })
        )}
      </span>
      {record.idempotencyKey !== null ? (
        <span className="run-facts__item">
          {t('process.idempotencyKey.label')}: <code className="run-facts__key">{record.idempotencyKey}</code>
          <CopyButton text={record.idempotencyKey} label={t('process.idempotencyKey.copy')} compact />
        </span>
      ) : null}
    </span>
  );
}
