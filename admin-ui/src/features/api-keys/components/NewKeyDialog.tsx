import type { ApiKeyCreated } from '@contract';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/CopyButton';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { formatDateTime } from '../../../lib/format';
import { curlSnippet, publicUrl } from '../../../lib/snippets';
import type { EndpointOption } from '../lib/key-status';

/**
 * The only time a key is shown (after create or rotate): copy it now, with a ready call to one
 * of its endpoints. Closing forgets it; the server keeps only its hash.
 */
export function NewKeyDialog({
  created,
  endpoints,
  oldKeyStopsAt,
  onClose,
}: {
  created: ApiKeyCreated;
  endpoints: readonly EndpointOption[];
  /** After a rotation: when the replaced key stops (null: it already has). */
  oldKeyStopsAt?: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const scoped = endpoints.filter((endpoint) => created.apiKey.endpointIds.includes(endpoint.id));
  const target = scoped.find((endpoint) => endpoint.accessType === 'apiKey') ?? scoped[0];
  const example = target
    ? curlSnippet({
        url: publicUrl(window.location.origin, target.slug),
        methods: target.methods,
        auth: { type: 'apiKey' },
        apiKey: created.key,
      })
    : null;
  return (
    <Dialog
      title={t('apiKeys.createdTitle', { name: created.apiKey.name })}
      onClose={onClose}
      size="large"
      footer={
        <button type="button" className="btn btn--primary" onClick={onClose}>
          {t('tokens.done')}
        </button>
      }
    >
      <p className="notice notice--warning">{t('apiKeys.showOnce')}</p>
      <div className="usage__url">
        <code className="url" data-testid="new-api-key">
          {created.key}
        </code>
        <CopyButton text={created.key} label={t('apiKeys.copy')} />
      </div>
      {oldKeyStopsAt !== undefined ? (
        <p className="notice">
          {oldKeyStopsAt
            ? t('apiKeys.oldKeyUntil', { time: formatDateTime(oldKeyStopsAt, i18n.language) })
            : t('apiKeys.oldKeyStopped')}
        </p>
      ) : null}
      {scoped.length > 0 && !scoped.some((endpoint) => endpoint.accessType === 'apiKey') ? (
        <p className="notice">{t('apiKeys.noApiKeyEndpoint')}</p>
      ) : null}
      {example ? (
        <>
          <p className="field__hint">{t('apiKeys.example', { slug: target?.slug })}</p>
          <CodeBlock text={example} />
        </>
      ) : null}
    </Dialog>
  );
}
