import type { ScenarioLanguage } from '@contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/Dialog';
import { IconSave } from '../../../components/icons';
import { listTemplates, type TemplateId } from '../templates';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface EditorToolbarProps {
  language: ScenarioLanguage;
  onLanguageChange: (language: ScenarioLanguage) => void;
  onTemplate: (id: TemplateId) => void;
  readOnly: boolean;
}

/** Draft state and Save, which publishes a new version (Ctrl/Cmd+S in the editor). */
export function PublishControls({
  onSave,
  saving,
  dirty,
  readOnly,
  version,
}: {
  onSave: () => void;
  saving: boolean;
  dirty: boolean;
  readOnly: boolean;
  version: number;
}) {
  const { t } = useTranslation();
  return (
    <div className="publish-controls">
      <span aria-live="polite">
        {dirty ? (
          <span className="badge badge--warn">{t('editor.unsaved')}</span>
        ) : (
          <span className="badge badge--good">{t('editor.published', { version })}</span>
        )}
      </span>
      {readOnly ? null : (
        <button
          type="button"
          className="btn btn--primary"
          onClick={onSave}
          disabled={saving || !dirty}
          title={isMac ? '⌘S' : 'Ctrl+S'}
          data-testid="save-scenario"
        >
          <IconSave /> {saving ? t('common.saving') : t('editor.save')}
        </button>
      )}
    </div>
  );
}

/** Language and "replace with a template". */
export function EditorToolbar({ language, onLanguageChange, onTemplate, readOnly }: EditorToolbarProps) {
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
