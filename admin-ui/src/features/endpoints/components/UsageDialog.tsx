import type { Endpoint } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/CopyButton';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { CheckField } from '../../../components/Field';
import { Tabs } from '../../../components/Tabs';
import {
  formDataFetchSnippet,
  formFallbackScenario,
  htmlFormMethod,
  htmlFormSnippet,
} from '../../../lib/form-snippets';
import { curlSnippet, fetchSnippet, publicUrl, type SnippetInput } from '../../../lib/snippets';

type Kind = 'curl' | 'fetch' | 'formData' | 'html';

const SNIPPETS: Record<Kind, (input: SnippetInput) => string> = {
  curl: curlSnippet,
  fetch: fetchSnippet,
  formData: formDataFetchSnippet,
  html: htmlFormSnippet,
};

/**
 * The public URL and ready-to-paste calls for an endpoint: `curl`, `fetch` with JSON or a form's
 * FormData, and a plain HTML form that works without JavaScript (with the scenario lines that
 * answer it). Opened from the endpoints list and from the editor.
 */
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
  const snippet = SNIPPETS[kind](input);
  const inPage = kind !== 'curl';
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
            { key: 'fetch', label: t('editorAssist.snippets.fetchJson') },
            { key: 'formData', label: t('editorAssist.snippets.fetchFormData') },
            { key: 'html', label: t('editorAssist.snippets.htmlForm') },
          ]}
        >
          {kind === 'formData' ? <p className="field__hint">{t('editorAssist.snippets.formDataHint')}</p> : null}
          {kind === 'html' ? <p className="field__hint">{t('editorAssist.snippets.htmlFormHint')}</p> : null}
          <div className="snippet" data-testid={`snippet-${kind}`}>
            <CodeBlock text={snippet} />
            <div className="snippet__actions">
              <CopyButton text={snippet} label={t('usage.copySnippet')} />
            </div>
          </div>
          {kind === 'html' && htmlFormMethod(endpoint.methods) === 'post' ? (
            <section className="snippet snippet--fallback" aria-label={t('editorAssist.snippets.fallbackTitle')}>
              <h3 className="snippet__title">{t('editorAssist.snippets.fallbackTitle')}</h3>
              <p className="field__hint">{t('editorAssist.snippets.fallbackHint')}</p>
              <CodeBlock text={formFallbackScenario()} />
              <div className="snippet__actions">
                <CopyButton text={formFallbackScenario()} label={t('editorAssist.snippets.copyFallback')} />
              </div>
            </section>
          ) : null}
        </Tabs>
        {isProtected ? (
          <p className="field__hint">
            {t('usage.authPlaceholders', { type: t(`access.types.${endpoint.access.type}`) })}
          </p>
        ) : null}
        {kind === 'html' && isProtected ? (
          <p className="notice notice--warning">{t('editorAssist.snippets.formPublicOnly')}</p>
        ) : inPage && isProtected ? (
          <p className="notice notice--warning">
            {endpoint.access.type === 'hmac' ? t('usage.hmacServerOnly') : t('usage.credentialsInPage')}
          </p>
        ) : null}
        {inPage && endpoint.access.type !== 'hmac' && endpoint.cors.origins.length === 0 ? (
          <p className="notice">{t('usage.corsHint')}</p>
        ) : null}
      </div>
    </Dialog>
  );
}
