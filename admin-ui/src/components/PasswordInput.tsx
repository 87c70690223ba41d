import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { generatePassword } from '../lib/password';
import type { ControlProps } from './Field';

/** A new password: shown or hidden, with a "generate" button. */
export function PasswordInput({
  control,
  value,
  onChange,
}: {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <div className="input-group">
      <input
        {...control}
        name="password"
        className="input input--mono"
        type={visible ? 'text' : 'password'}
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="btn btn--small btn--ghost"
        onClick={() => setVisible((v) => !v)}
        aria-pressed={visible}
      >
        {visible ? t('users.hide') : t('users.show')}
      </button>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => {
          onChange(generatePassword());
          setVisible(true);
        }}
      >
        {t('users.generate')}
      </button>
    </div>
  );
}
