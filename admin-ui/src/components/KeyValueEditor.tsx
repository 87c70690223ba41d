import { useTranslation } from 'react-i18next';
import { IconClose, IconPlus } from './icons';

export interface KeyValueRow {
  key: string;
  value: string;
}

/** Rows of name/value inputs (query, headers, form fields). Empty-named rows are ignored by `rowsToRecord`. */
export function KeyValueEditor({
  rows,
  onChange,
  label,
  keyPlaceholder,
  valuePlaceholder,
}: {
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  label: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
}) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-editor" role="group" aria-label={label}>
      {rows.map((row, index) => (
        <div className="kv-editor__row" key={index}>
          <input
            className="input input--small"
            value={row.key}
            placeholder={keyPlaceholder ?? t('common.name')}
            aria-label={`${label}: ${t('common.name')} ${index + 1}`}
            onChange={(event) => update(index, { key: event.target.value })}
          />
          <input
            className="input input--small"
            value={row.value}
            placeholder={valuePlaceholder ?? t('common.value')}
            aria-label={`${label}: ${t('common.value')} ${index + 1}`}
            onChange={(event) => update(index, { value: event.target.value })}
          />
          <button
            type="button"
            className="icon-btn"
            aria-label={t('common.removeRow', { n: index + 1 })}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            <IconClose />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small btn--ghost"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        <IconPlus /> {t('common.addRow')}
      </button>
    </div>
  );
}

export function rowsToRecord(rows: KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key) out[key] = row.value;
  }
  return out;
}

export function recordToRows(record: Record<string, unknown> | null | undefined): KeyValueRow[] {
  if (!record) return [];
  return Object.entries(record).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}
