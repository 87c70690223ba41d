import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useRecentProcesses } from '../api/hooks';

/** Picks a recorded request from one of the endpoint's latest processes (`fromProcessId`). */
export function PastProcessPicker({
  endpointId,
  processId,
  onChange,
  onEdit,
  loading,
}: {
  endpointId: string;
  processId: string | null;
  onChange: (processId: string | null) => void;
  onEdit: () => void;
  loading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const selectId = useId();
  const recent = useRecentProcesses(endpointId, true);
  const items = recent.data ?? [];
  const known = !processId || items.some((item) => item.id === processId);

  if (recent.isLoading) return <Spinner label={t('common.loading')} />;
  if (items.length === 0 && !processId) {
    return <p className="muted">{t('testRun.noPastProcesses')}</p>;
  }
  return (
    <div className="past-process">
      <label htmlFor={selectId} className="field__label">
        {t('testRun.pastProcess')}
      </label>
      <select
        id={selectId}
        className="select"
        value={processId ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{t('testRun.choosePastProcess')}</option>
        {known ? null : <option value={processId!}>{t('testRun.processById', { id: processId })}</option>}
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {`${item.request.method} ${item.request.subpath || '/'} · ${t(`status.${item.status}`)} · ${formatDateTime(item.queuedAt, i18n.language)}`}
          </option>
        ))}
      </select>
      <p className="field__hint">{t('testRun.pastProcessHint')}</p>
      <button type="button" className="btn btn--small" disabled={!processId || loading} onClick={onEdit}>
        {loading ? <Spinner /> : null}
        {t('testRun.editAsNew')}
      </button>
    </div>
  );
}
