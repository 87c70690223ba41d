import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { roleDenialText } from '../api/error-messages';
import { errorKind, serverMessage } from '../lib/describe-error';
import { IconAlert } from './icons';

export function Spinner({ label }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" aria-busy="true">
      <Spinner label={label ?? t('common.loading')} />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {hint ? <p className="state__hint">{hint}</p> : null}
      {action ? <div className="state__action">{action}</div> : null}
    </div>
  );
}

/** An error that says what happened and what to do: retry, ask for access, go back. */
export function ErrorState({ error, onRetry, back }: { error: unknown; onRetry?: () => void; back?: ReactNode }) {
  const { t } = useTranslation();
  const kind = errorKind(error);
  const detail = serverMessage(error);
  // A role denial says which role would do, in the user's language.
  const denial = isApiError(error) ? roleDenialText(error) : null;
  return (
    <div className="state state--error" role="alert">
      <IconAlert width={22} height={22} className="state__icon" />
      <p className="state__title">{t(`errors.${kind}.title`)}</p>
      <p className="state__hint">{denial ?? t(`errors.${kind}.hint`)}</p>
      {detail && kind !== 'notFound' && kind !== 'forbidden' ? <p className="state__detail">{detail}</p> : null}
      <div className="state__action">
        {onRetry && kind !== 'forbidden' && kind !== 'notFound' ? (
          <button type="button" className="btn" onClick={onRetry}>
            {t('common.retry')}
          </button>
        ) : null}
        {back}
      </div>
    </div>
  );
}

/** A one-line error under a form or beside a button. */
export function InlineError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const detail = serverMessage(error);
  return (
    <p className="inline-error" role="alert">
      {detail ?? t(`errors.${errorKind(error)}.title`)}
    </p>
  );
}
