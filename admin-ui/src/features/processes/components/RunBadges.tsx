import type { ProcessSummary } from '@contract';
import { useTranslation } from 'react-i18next';

/** "attempt 2" on a retried run (nothing on a first run); the title says why a run is retried. */
export function AttemptBadge({ attempt }: { attempt: number }) {
  const { t } = useTranslation();
  if (attempt <= 1) return null;
  return (
    <span className="badge badge--warn" title={t('process.attempt.retryHint')} data-testid="attempt-badge">
      {t('process.attempt.label', { attempt })}
    </span>
  );
}

/** A small "key" on a run its caller sent an `Idempotency-Key` with; the key itself is in the title. */
export function IdempotencyKeyBadge({ idempotencyKey }: Pick<ProcessSummary, 'idempotencyKey'>) {
  const { t } = useTranslation();
  if (idempotencyKey === null) return null;
  return (
    <span
      className="badge badge--info"
      title={t('process.idempotencyKey.title', { key: idempotencyKey })}
      data-testid="idempotency-key-badge"
    >
      {t('process.idempotencyKey.badge')}
    </span>
  );
}
