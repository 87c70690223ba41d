import type { ProcessRecord } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, KeyValueTable, Section } from '../../../../components/data-display';

/**
 * Who called: the address and the principal the endpoint's access check established — what the
 * scenario saw as `ctx.user`. JWT claims are folded away: they can be long.
 */
export function CallerPanel({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const principal = record.principal;
  const type = principal?.type ?? 'anonymous';
  const entries: Array<[string, ReactNode]> = [
    [t('process.caller.ip'), record.ip || '—'],
    [t('process.caller.type'), t(`process.caller.types.${type}`)],
  ];
  if (principal?.id) entries.push([t('process.caller.id'), <code>{principal.id}</code>]);
  if (principal?.name) entries.push([t('process.caller.name'), principal.name]);
  return (
    <Section title={t('process.caller.title')}>
      <KeyValueTable entries={entries} />
      {principal?.claims ? (
        <details className="caller-claims">
          <summary>{t('process.caller.claims', { count: Object.keys(principal.claims).length })}</summary>
          <CodeBlock text={JSON.stringify(principal.claims, null, 2)} maxHeight={320} />
        </details>
      ) : null}
    </Section>
  );
}
