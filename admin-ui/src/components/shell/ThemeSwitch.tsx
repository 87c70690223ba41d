import { useTranslation } from 'react-i18next';
import { THEME_PREFERENCES, setThemePreference, useThemePreference } from '../../lib/color-scheme';

/** System / light / dark, beside the language switch; the choice is remembered in this browser. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const current = useThemePreference();
  return (
    <div className="lang-switch theme-switch" role="group" aria-label={t('shell.theme.label')}>
      {THEME_PREFERENCES.map((choice) => (
        <button
          key={choice}
          type="button"
          className="lang-switch__option"
          aria-pressed={current === choice}
          title={t(`shell.theme.${choice}Title`)}
          data-theme-choice={choice}
          onClick={() => setThemePreference(choice)}
        >
          {t(`shell.theme.${choice}`)}
        </button>
      ))}
    </div>
  );
}
