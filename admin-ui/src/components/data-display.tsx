import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Text in a <pre>: bodies, stacks and log lines are always rendered as text, never as HTML. */
export function CodeBlock({ text, className, maxHeight }: { text: string; className?: string; maxHeight?: number }) {
  return (
    <pre
      className={`code-block${className ? ` ${className}` : ''}`}
      style={maxHeight ? { maxHeight } : undefined}
      tabIndex={0}
    >
      <code>{text}</code>
    </pre>
  );
}

export function KeyValueTable({ entries, empty }: { entries: Array<[string, ReactNode]>; empty?: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="muted">{empty ?? t('common.none')}</p>;
  return (
    <table className="kv-table">
      <tbody>
        {entries.map(([key, value], index) => (
          <tr key={`${key}-${index}`}>
            <th scope="row">{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A record rendered as key/value rows (objects as compact JSON). */
export function recordEntries(record: Record<string, unknown> | null | undefined): Array<[string, string]> {
  if (!record) return [];
  return Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}

export function Section({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel">
      <header className="panel__header">
        <h2>{title}</h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
