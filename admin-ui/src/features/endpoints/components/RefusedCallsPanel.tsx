import type { RefusedCall, RefusedCallsList } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../../../components/data-display';
import { InlineError, Spinner } from '../../../components/states';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useRefusedCalls } from '../api/use-refused-calls';

/** Rows shown before "Show all": the newest are what an admin debugging a form looks for. */
const FIRST_ROWS = 10;

/**
 * "Why does my form fail?": the endpoint's last calls the platform refused before the scenario
 * ran (wrong origin, bad JSON, refused by access control, …). They are not processes, so the
 * process list never shows them; this panel is where they become visible.
 */
export function RefusedCallsPanel({ endpointId }: { endpointId: string }) {
  const { t } = useTranslation();
  const query = useRefusedCalls(endpointId);
  return (
    <div className="refused-calls">
      <Section
        title={t('refusals.title')}
        actions={
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => void query.refetch()}
            disabled={query.isFetching}
          >
            {t('refusals.refresh')}
          </button>
        }
      >
        {query.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : query.isError ? (
          <InlineError error={query.error} />
        ) : (
          <RefusedCalls list={query.data} />
        )}
      </Section>
    </div>
  );
}

export function RefusedCalls({ list }: { list: RefusedCallsList }) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const since = formatDateTime(list.since, i18n.language);
  if (list.items.length === 0) {
    return (
      <p className="muted" data-testid="refusals-empty">
        {t('refusals.empty', { since })}
      </p>
    );
  }
  const shown = showAll ? list.items : list.items.slice(0, FIRST_ROWS);
  return (
    <>
      <p className="muted">{t('refusals.intro', { capacity: list.capacity, since })}</p>
      <div className="panel--flush">
        <table className="table" data-testid="refusals-table">
          <thead>
            <tr>
              <th scope="col">{t('refusals.columns.at')}</th>
              <th scope="col">{t('refusals.columns.reason')}</th>
              <th scope="col">{t('refusals.columns.method')}</th>
              <th scope="col">{t('refusals.columns.origin')}</th>
              <th scope="col">{t('refusals.columns.ip')}</th>
              <th scope="col">{t('refusals.columns.path')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((call, index) => (
              <RefusedCallRow key={`${call.at}-${index}`} call={call} />
            ))}
          </tbody>
        </table>
      </div>
      {list.items.length > FIRST_ROWS ? (
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setShowAll((value) => !value)}>
          {showAll ? t('refusals.showFewer') : t('refusals.showAll', { count: list.items.length })}
        </button>
      ) : null}
    </>
  );
}

function RefusedCallRow({ call }: { call: RefusedCall }) {
  const { t, i18n } = useTranslation();
  const explained = t(`refusals.reasons.${call.reason}`, { defaultValue: '' });
  const fix = t(`refusals.fixes.${call.reason}`, { defaultValue: '' });
  return (
    <tr data-reason={call.reason}>
      <td title={formatDateTime(call.at, i18n.language)}>{formatRelative(call.at, i18n.language)}</td>
      <td>
        {explained ? <div>{explained}</div> : null}
        <code className="muted">
          {call.status} {call.reason}
        </code>
        {fix ? <div className="field__hint">{fix}</div> : null}
      </td>
      <td>
        <code>{call.method}</code>
      </td>
      <td>{call.origin ? <code>{call.origin}</code> : <span className="muted">{t('refusals.noOrigin')}</span>}</td>
      <td>
        <code>{call.ip || '—'}</code>
      </td>
      <td>
        <code>{call.path}</code>
      </td>
    </tr>
  );
}
