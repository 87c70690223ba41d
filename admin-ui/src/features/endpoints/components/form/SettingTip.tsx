import { useTranslation } from 'react-i18next';
import { InfoTip } from '../../../../components/InfoTip';

/** Settings a business user may not know the meaning of; each has a plain-words text under `tips`. */
export type TippedSetting =
  | 'slug'
  | 'enabled'
  | 'methods'
  | 'timeout'
  | 'async'
  | 'bodyLimit'
  | 'cspSandbox'
  | 'corsOrigins'
  | 'corsCredentials'
  | 'corsEnforce'
  | 'callbackUrl';

/**
 * The "?" beside a setting's label: says what it means and what changing it does. Its own name
 * stays generic (the label before it gives the context) so it never competes with the label
 * for the name of the control.
 */
export function SettingTip({ setting }: { setting: TippedSetting }) {
  const { t } = useTranslation();
  return <InfoTip label={t('tips.label')}>{t(`tips.${setting}`)}</InfoTip>;
}
