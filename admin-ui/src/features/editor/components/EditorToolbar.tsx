import type { ScenarioLanguage } from '@contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/Dialog';
import { listTemplates, type TemplateId } from '../templates';

interface EditorToolbarProps {
  language: ScenarioLanguage;
  onLanguageChange: (language: ScenarioLanguage) => void;
  onTemplate: (id: TemplateId) => void;
  readOnly: boolean;
  /** Opens the ready-to-paste calls of the endpoint (curl, fetch, an HTML form). */
  onShowSnippets?: () => void;
}

/** Language, "replace with a template" and the endpoint's call snippets. */
export function EditorToolbar({
  language,
  onLanguageChange,
  onTemplate,
  readOnly,
  onShowSnippets,
}: EditorToolbarProps) {
  const { t } = useTranslation();
  const languageId = useId();
  const templateId = useId();
  const [pendingTemplate, setPendingTemplate] = useState<TemplateId | null>(null);
  return (
    <div className="editor-toolbar">
      <label htmlFor={languageId} className="visually-hidden">
        {t('editor.language')}
      </label>
      <select
        id={languageId}
        className="select select--small"
        value={language}
        disabled={readOnly}
        onChange={(e) => onLanguageChange(e.target.value as ScenarioLanguage)}
      >
        <option value="javascript">{t('editor.languages.javascript')}</option>
        <option value="typescript">{t('editor.languages.typescript')}</option>
      </select>
      {readOnly ? null : (
        <>
          <label htmlFor={templateId} className="visually-hidden">
            {t('editor.insertTemplateLabel')}
          </label>
          <select
            id={templateId}
            className="select select--small"
            value=""
            onChange={(e) => e.target.value && setPendingTemplate(e.target.value as TemplateId)}
          >
            <option value="">{t('editor.insertTemplate')}</option>
            {listTemplates().map((template) => (
              <option key={template.id} value={template.id}>
                {t(`templates.${template.id}.title`)}
              </option>
            ))}
          </select>
        </>
      )}
      {onShowSnippets ? (
        <button
          type="button"
          className="btn btn--small editor-toolbar__call"
          onClick={onShowSnippets}
          title={t('editorAssist.snippets.openHint')}
        >
          {t('editorAssist.snippets.open')}
        </button>
      ) : null}
      {pendingTemplate ? (
        <ConfirmDialog
          title={t('editor.replaceTitle')}
          message={t('editor.replaceMessage', { template: t(`templates.${pendingTemplate}.title`) })}
          confirmLabel={t('editor.replaceConfirm')}
          onConfirm={async () => onTemplate(pendingTemplate)}
          onClose={() => setPendingTemplate(null)}
        />
      ) : null}
    </div>
  );
}
