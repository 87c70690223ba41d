import type { ProcessRecord } from '@contract';
import { useTranslation } from 'react-i18next';
import { Section } from '../../../../components/data-display';
import { OutboundLists, outboundProblems } from '../../../../components/outbound';

/** What the run sent out: its `fetch` requests (blocked ones marked) and its `ctx.mail.send` messages. */
export function OutboundPanel({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const problems = outboundProblems(record.fetches, record.mails);
  return (
    <Section
      title={t('outbound.title')}
      actions={
        problems > 0 ? <span className="badge badge--bad">{t('outbound.problems', { count: problems })}</span> : null
      }
    >
      <OutboundLists fetches={record.fetches} mails={record.mails} />
    </Section>
  );
}
