import type { ProcessFetch, ProcessMail } from '@contract';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatClock, formatDuration } from '../lib/format';
import { HttpStatus } from './StatusChip';

/** The runner refuses private and otherwise forbidden addresses with a message that starts so (README "fetch"). */
export const isBlocked = (error: string | undefined) => !!error && error.startsWith('blocked:');

/** How many of a run's outbound entries went wrong: blocked, failed, refused or answered 4xx/5xx. */
export function outboundProblems(fetches: readonly ProcessFetch[], mails: readonly ProcessMail[]): number {
  return (
    fetches.filter((entry) => entry.error || (entry.status ?? 0) >= 400).length +
    mails.filter((mail) => mail.status !== 'sent').length
  );
}

function FetchResult({ entry }: { entry: ProcessFetch }) {
  const { t } = useTranslation();
  if (isBlocked(entry.error)) {
    return (
      <span className="outbound__error">
        <span className="badge badge--bad">{t('outbound.blocked')}</span> <span>{entry.error}</span>
      </span>
    );
  }
  if (entry.error) return <span className="outbound__error text-bad">{entry.error}</span>;
  return <HttpStatus status={entry.status} />;
}

/** The `fetch` calls of a run, in order: URLs come redacted from the server and are shown as text. */
function FetchTable({ fetches }: { fetches: readonly ProcessFetch[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table table--compact outbound" aria-label={t('outbound.requests')}>
      <thead>
        <tr>
          <th scope="col">{t('outbound.at')}</th>
          <th scope="col">{t('outbound.request')}</th>
          <th scope="col">{t('outbound.result')}</th>
          <th scope="col" className="table__num">
            {t('outbound.duration')}
          </th>
          <th scope="col" className="table__num">
            {t('outbound.size')}
          </th>
        </tr>
      </thead>
      <tbody>
        {fetches.map((entry, index) => (
          <tr
            key={index}
            className={isBlocked(entry.error) ? 'outbound__row--blocked' : undefined}
            data-testid="outbound-fetch"
          >
            <td className="outbound__meta">
              <time dateTime={entry.at}>{formatClock(entry.at, i18n.language)}</time>
            </td>
            <td className="outbound__main outbound__request">
              <span className={`method method--${entry.method.toLowerCase()}`}>{entry.method}</span>{' '}
              <code className="outbound__url">{entry.url}</code>
            </td>
            <td className="outbound__main">
              <FetchResult entry={entry} />
            </td>
            <td className="table__num outbound__meta">{formatDuration(entry.durationMs)}</td>
            <td className="table__num outbound__meta">
              {entry.error && !entry.bytes ? '—' : formatBytes(entry.bytes)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const MAIL_TONE: Record<ProcessMail['status'], string> = { sent: 'good', refused: 'warn', failed: 'bad' };

/** The messages a run sent (or tried to) with `ctx.mail.send`. */
function MailTable({ mails }: { mails: readonly ProcessMail[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table table--compact outbound" aria-label={t('outbound.mail')}>
      <thead>
        <tr>
          <th scope="col">{t('outbound.at')}</th>
          <th scope="col">{t('outbound.to')}</th>
          <th scope="col">{t('outbound.subject')}</th>
          <th scope="col">{t('outbound.result')}</th>
          <th scope="col" className="table__num">
            {t('outbound.duration')}
          </th>
        </tr>
      </thead>
      <tbody>
        {mails.map((mail, index) => (
          <tr key={index} data-testid="outbound-mail">
            <td className="outbound__meta">
              <time dateTime={mail.at}>{formatClock(mail.at, i18n.language)}</time>
            </td>
            <td className="outbound__main outbound__to">{mail.to.join(', ')}</td>
            <td className="outbound__main">{mail.subject}</td>
            <td className="outbound__main">
              <span className={`badge badge--${MAIL_TONE[mail.status]}`}>
                {t(`outbound.mailStatus.${mail.status}`)}
              </span>
              {mail.error ? <span className="outbound__error text-bad"> {mail.error}</span> : null}
            </td>
            <td className="table__num outbound__meta">{formatDuration(mail.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Both lists, each under its heading when present; one line when the run sent nothing out. */
export function OutboundLists({ fetches, mails }: { fetches: readonly ProcessFetch[]; mails: readonly ProcessMail[] }) {
  const { t } = useTranslation();
  if (fetches.length === 0 && mails.length === 0) return <p className="muted">{t('outbound.none')}</p>;
  return (
    <div className="outbound-lists">
      {fetches.length > 0 ? (
        <div>
          <h3 className="outbound__heading">{t('outbound.requestsCount', { count: fetches.length })}</h3>
          <FetchTable fetches={fetches} />
        </div>
      ) : null}
      {mails.length > 0 ? (
        <div>
          <h3 className="outbound__heading">{t('outbound.mailCount', { count: mails.length })}</h3>
          <MailTable mails={mails} />
        </div>
      ) : null}
    </div>
  );
}
