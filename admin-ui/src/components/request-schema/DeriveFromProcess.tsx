import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { processesApi } from '../../api/processes';
import { formatDateTime } from '../../lib/format';
import { inferQuerySchema, inferSchema } from '../../lib/json-schema/infer';
import type { JsonSchemaObject } from '../../lib/json-schema/types';
import type { SchemaPart } from '../../lib/json-schema/request-schema-text';
import { queryKeys } from '../../lib/query-keys';
import { InlineError, Spinner } from '../states';

/**
 * "Derive from a past process": pick one of the endpoint's latest processes, and its recorded
 * body (or query) becomes a proposed schema in the editor, to be read and edited before saving.
 */
export function DeriveFromProcess({
  endpointId,
  part,
  onPropose,
}: {
  endpointId: string;
  part: SchemaPart;
  onPropose: (schema: JsonSchemaObject) => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const selectId = useId();
  const [open, setOpen] = useState(false);
  const [processId, setProcessId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const recent = useQuery({
    queryKey: queryKeys.recentProcesses(endpointId),
    queryFn: ({ signal }) => processesApi.list({ endpointId }, { limit: 20 }, signal).then((page) => page.items),
    enabled: open,
    staleTime: 5_000,
  });

  async function propose() {
    if (!processId) return;
    setProblem(null);
    setFailure(null);
    setLoading(true);
    try {
      const record = await queryClient.fetchQuery({
        queryKey: queryKeys.process(processId),
        queryFn: ({ signal }) => processesApi.get(processId, signal),
      });
      const { body, bodyTruncated, query } = record.request;
      let proposal: JsonSchemaObject | null = null;
      if (part === 'query') {
        if (Object.keys(query).length === 0) setProblem(t('requestSchema.derive.noQuery'));
        else proposal = inferQuerySchema(query);
      } else if (bodyTruncated) {
        setProblem(t('requestSchema.derive.truncated'));
      } else if (body === null || body === undefined || typeof body === 'string') {
        // A text body (or none) has no structure to describe.
        setProblem(t('requestSchema.derive.noBody'));
      } else {
        proposal = inferSchema([body]);
      }
      if (proposal) {
        onPropose(proposal);
        setOpen(false);
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn btn--small" onClick={() => setOpen(true)} data-testid="derive-schema">
        {t('requestSchema.derive.button')}
      </button>
    );
  }
  const items = recent.data ?? [];
  return (
    <div className="derive-schema" role="group" aria-label={t('requestSchema.derive.button')}>
      {recent.isLoading ? <Spinner label={t('common.loading')} /> : null}
      {recent.isSuccess && items.length === 0 ? <p className="muted">{t('requestSchema.derive.none')}</p> : null}
      {items.length > 0 ? (
        <>
          <label htmlFor={selectId} className="field__label">
            {t('requestSchema.derive.pick')}
          </label>
          <div className="derive-schema__line">
            <select
              id={selectId}
              className="select"
              value={processId}
              onChange={(event) => setProcessId(event.target.value)}
            >
              <option value="">{t('requestSchema.derive.choose')}</option>
              {items.map((item) => (
                <option key={item.id} value={item.id}>
                  {`${item.request.method} ${item.request.subpath || '/'} · ${t(`status.${item.status}`)} · ${formatDateTime(item.queuedAt, i18n.language)}`}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn--small btn--primary"
              disabled={!processId || loading}
              onClick={() => void propose()}
            >
              {loading ? <Spinner /> : null}
              {t(`requestSchema.derive.propose.${part}`)}
            </button>
          </div>
          <p className="field__hint">{t('requestSchema.derive.hint')}</p>
        </>
      ) : null}
      {problem ? (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
      <InlineError error={failure ?? recent.error} />
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
