import type { Endpoint } from '@contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '../../../../components/data-display';
import { CopyButton } from '../../../../components/CopyButton';
import { ConfirmDialog } from '../../../../components/Dialog';
import { useToast } from '../../../../components/Toasts';
import { useRegenerateCallbackSecret } from '../../api/hooks';
import { CALLBACK_VERIFY_SNIPPET } from '../../lib/callback-verify';

/**
 * The secret that signs this endpoint's callbacks and failure webhooks: masked until revealed,
 * copyable, and replaced (after a confirmation) by its own call — it is never part of the form,
 * so regenerating it neither saves nor discards the settings being edited.
 */
export function CallbackSecretField({ endpoint, canRegenerate }: { endpoint: Endpoint; canRegenerate: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const [visible, setVisible] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const regenerate = useRegenerateCallbackSecret(endpoint.id);
  const secret = endpoint.callbackSecret;
  const hasTarget = !!endpoint.callbackUrl || !!endpoint.failureAlert?.webhookUrl;

  return (
    <div className="field callback-secret">
      {secret ? (
        <label htmlFor={id} className="field__label">
          {t('endpointForm.callbackSecret')}
        </label>
      ) : (
        <span className="field__label">{t('endpointForm.callbackSecret')}</span>
      )}
      {secret ? (
        <div className="input-group">
          <input
            id={id}
            className="input input--mono"
            type={visible ? 'text' : 'password'}
            value={secret}
            readOnly
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            data-testid="callback-secret"
          />
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => setVisible((shown) => !shown)}
            aria-pressed={visible}
          >
            {visible ? t('users.hide') : t('users.show')}
          </button>
          <CopyButton text={secret} label={t('access.copySecret')} />
          {canRegenerate ? (
            <button type="button" className="btn btn--small" onClick={() => setConfirming(true)}>
              {t('endpointForm.regenerateSecret')}
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted callback-secret__none">
          {hasTarget ? t('endpointForm.callbackSecretHidden') : t('endpointForm.callbackSecretPending')}
        </p>
      )}
      <p id={`${id}-hint`} className="field__hint">
        {t('endpointForm.callbackSecretHint')}
      </p>
      <details className="callback-verify">
        <summary>{t('endpointForm.verifyTitle')}</summary>
        <p className="field__hint">{t('endpointForm.verifyIntro')}</p>
        <CodeBlock text={CALLBACK_VERIFY_SNIPPET} />
        <div className="callback-verify__footer">
          <CopyButton text={CALLBACK_VERIFY_SNIPPET} label={t('usage.copySnippet')} />
          <span className="field__hint">{t('endpointForm.verifyMore')}</span>
        </div>
      </details>
      {confirming ? (
        <ConfirmDialog
          danger
          title={t('endpointForm.regenerateTitle')}
          message={t('endpointForm.regenerateMessage')}
          confirmLabel={t('endpointForm.regenerateSecret')}
          onConfirm={async () => {
            await regenerate.mutateAsync();
            setVisible(true);
            toast('success', t('endpointForm.regenerated'));
          }}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
