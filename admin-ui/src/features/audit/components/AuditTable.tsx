import type { AuditEntry } from '@contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatRelative } from '../../../lib/format';

/** Where an entry's entity can be opened, if it still exists. */
function entityLink(entry: AuditEntry, endpointIds: ReadonlySet<string>): string | null {
  const { type, id } = entry.entity;
  if ((type === 'endpoint' || type === 'scenario') && endpointIds.has(id)) {
    return type === 'scenario' ? `/endpoints/${id}/versions` : `/endpoints/${id}/settings`;
  }
  if (type === 'apiKey') return '/api-keys';
  if (type === 'secret') return '/secrets';
  if (type === 'user') return '/users';
  if (type === 'token') return '/tokens';
  return null;
}

/** A list of names reads better without JSON's quotes and brackets. */
function detailText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

function Details({ details }: { details: AuditEntry['details'] }) {
  if (!details || Object.keys(details).length === 0) return <span className="muted">—</span>;
  return (
    <dl className="audit-details">
      {Object.entries(details).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <code>{detailText(value)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditTable({ items, endpointIds }: { items: AuditEntry[]; endpointIds: ReadonlySet<string> }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('audit.columns.time')}</th>
          <th scope="col">{t('audit.columns.actor')}</th>
          <th scope="col">{t('audit.columns.action')}</th>
          <th scope="col">{t('audit.columns.entity')}</th>
          <th scope="col">{t('audit.columns.address')}</th>
          <th scope="col">{t('audit.columns.details')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((entry) => {
          const link = entityLink(entry, endpointIds);
          const label = entry.entity.name || entry.entity.id;
          return (
            <tr key={entry.id} data-audit-action={entry.action}>
              <td title={formatDateTime(entry.at, i18n.language)}>{formatRelative(entry.at, i18n.language)}</td>
              <td>{entry.actor ? entry.actor.email : <span className="muted">{t('audit.system')}</span>}</td>
              <td>{t(`audit.actions.${entry.action}`, { defaultValue: '' }) || <code>{entry.action}</code>}</td>
              <td>
                <span className="muted">{t(`audit.entities.${entry.entity.type}`)}</span>{' '}
                {link ? <Link to={link}>{label}</Link> : <span>{label}</span>}
              </td>
              <td>
                <code>{entry.ip || '—'}</code>
              </td>
              <td>
                <Details details={entry.details} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
