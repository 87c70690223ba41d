import type { ScenarioLanguage } from '@contract';
import { useTranslation } from 'react-i18next';
import { listTemplates, type TemplateId } from '../templates';

/** Radio cards: what the new scenario starts from, and in which language. */
export function TemplatePicker({
  value,
  onChange,
  language,
  onLanguageChange,
}: {
  value: TemplateId;
  onChange: (id: TemplateId) => void;
  language: ScenarioLanguage;
  onLanguageChange: (language: ScenarioLanguage) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('templates.title')}</legend>
      <div className="template-grid" role="radiogroup" aria-label={t('templates.title')}>
        {listTemplates().map((template) => (
          <label
            key={template.id}
            className={`template-card${value === template.id ? ' template-card--selected' : ''}`}
          >
            <input
              type="radio"
              name="template"
              value={template.id}
              checked={value === template.id}
              onChange={() => onChange(template.id)}
            />
            <span className="template-card__title">{t(`templates.${template.id}.title`)}</span>
            <span className="template-card__description">{t(`templates.${template.id}.description`)}</span>
          </label>
        ))}
      </div>
      <div className="segmented" role="radiogroup" aria-label={t('editor.language')}>
        {(['javascript', 'typescript'] as const).map((option) => (
          <label key={option} className="segmented__option">
            <input
              type="radio"
              name="language"
              value={option}
              checked={language === option}
              onChange={() => onLanguageChange(option)}
            />
            <span>{t(`editor.languages.${option}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
