import type { Endpoint } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/CopyButton';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { CheckField } from '../../../components/Field';
import { Tabs } from '../../../components/Tabs';
import { curlSnippet, fetchSnippet, publicUrl } from '../../../lib/snippets';

type Kind = 'curl' | 'fetch';

/** The public URL and ready-to-paste `curl` / `fetch` calls for an endpoint. */
export function UsageDialog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('curl');
  const [asyncRun, setAsyncRun] = useState(endpoint.alwaysAsync);
  const url = publicUrl(window.location.origin, endpoint.slug);
  const input = {
    url,
    methods: endpoint.methods,
    async: asyncRun && !endpoint.alwaysAsync,
    credentials: endpoint.cors.credentials,
    auth: endpoint.access,
  };
  const isProtected = endpoint.access.type !== 'public';
  const snippet = kind === 'curl' ? curlSnippet(input) : fetchSnippet(input);
  return (
    <Dialog title={t('usage.title', { name: endpoint.name || endpoint.slug })} onClose={onClose} size="large">
      <div className="usage">
        <div className="usage__url">
          <code className="url">{url}</code>
          <CopyButton text={url} label={t('usage.copyUrl')} />
        </div>
        <p className="field__hint">{t('usage.subpathHint')}</p>
        {endpoint.alwaysAsync ? (
          <p className="notice">{t('usage.alwaysAsync')}</p>
        ) : (
          <CheckField label={t('usage.async')} hint={t('usage.asyncHint')} checked={asyncRun} onChange={setAsyncRun} />
        )}
        <Tabs
          label={t('usage.snippets')}
          active={kind}
          onChange={setKind}
          tabs={[
            { key: 'curl', label: 'curl' },
            { key: 'fetch', label: 'fetch' },
          ]}
        >
          <div className="snippet">
            <CodeBlock text={snippet} />
            <div className="snippet__actions">
              <CopyButton text={snippet} label={t('usage.copySnippet')} />
            </div>
          </div>
        </Tabs>
        {isProtected ? (
          <p className="field__hint">
            {t('usage.authPlaceholders', { type: t(`access.types.${endpoint.access.type}`) })}
          </p>
        ) : null}
        {kind === 'fetch' && isProtected ? (
          <p className="notice notice--warning">
            {endpoint.access.type === 'hmac' ? t('usage.hmacServerOnly') : t('usage.credentialsInPage')}
          </p>
        ) : null}
        {kind === 'fetch' && endpoint.access.type !== 'hmac' && endpoint.cors.origins.length === 0 ? (
          <p className="notice">{t('usage.corsHint')}</p>
        ) : null}
      </div>
    </Dialog>
  );
}
