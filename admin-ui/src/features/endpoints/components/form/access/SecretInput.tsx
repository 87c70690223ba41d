import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../../../components/CopyButton';
import type { ControlProps } from '../../../../../components/Field';

interface SecretInputProps {
  control: ControlProps;
  name: string;
  value: string;
  /** The server holds one: an empty input keeps it. */
  isSet: boolean;
  readOnly: boolean;
  onChange: (value: string) => void;
  /** Offers a "generate" button that fills in a random value and shows it, once, to copy. */
  generate?: () => string;
}

/**
 * A write-only value (a password or a signing secret). What the server holds is never shown:
 * the placeholder says whether one is set, and typing replaces it on save.
 */
export function SecretInput({ control, name, value, isSet, readOnly, onChange, generate }: SecretInputProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <>
      <div className="input-group">
        <input
          {...control}
          name={name}
          className="input input--mono"
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          placeholder={isSet ? t('access.setKeep') : t('access.notSet')}
          value={value}
          readOnly={readOnly}
          onChange={(e) => {
            setGenerated(null);
            onChange(e.target.value);
          }}
        />
        {readOnly ? null : (
          <>
            <button
              type="button"
              className="btn btn--small btn--ghost"
              onClick={() => setVisible((v) => !v)}
              aria-pressed={visible}
            >
              {visible ? t('users.hide') : t('users.show')}
            </button>
            {generate ? (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => {
                  const secret = generate();
                  setGenerated(secret);
                  setVisible(true);
                  onChange(secret);
                }}
              >
                {t('users.generate')}
              </button>
            ) : null}
          </>
        )}
      </div>
      {generated && generated === value ? (
        <div className="notice notice--warning secret-once" role="status">
          <span>{t('access.generatedOnce')}</span>
          <CopyButton text={generated} label={t('access.copySecret')} />
        </div>
      ) : null}
    </>
  );
}
