import type { Role } from '@contract';
import { useTranslation } from 'react-i18next';
import type { ControlProps } from '../../../components/Field';

export const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

export function RoleSelect({
  control,
  value,
  onChange,
  disabled,
  label,
}: {
  control?: ControlProps;
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <select
      {...control}
      className="select"
      value={value}
      disabled={disabled}
      aria-label={label}
      onChange={(e) => onChange(e.target.value as Role)}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </select>
  );
}
