import type { ProcessStatus } from '@contract';
import { useTranslation } from 'react-i18next';

export function StatusChip({ status }: { status: ProcessStatus }) {
  const { t } = useTranslation();
  return <span className={`chip chip--${status}`}>{t(`status.${status}`)}</span>;
}

/** HTTP status of a response, colored by class. */
export function HttpStatus({ status }: { status: number | null | undefined }) {
  if (status === null || status === undefined) return <span className="muted">—</span>;
  const tone = status >= 500 ? 'bad' : status >= 400 ? 'warn' : status >= 300 ? 'info' : 'good';
  return <span className={`http-status http-status--${tone}`}>{status}</span>;
}
