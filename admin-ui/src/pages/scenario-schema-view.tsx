import { useTranslation } from 'react-i18next';
import { RequestSchemaFields } from '../components/request-schema/RequestSchemaFields';
import type { useSchemaDraft } from '../features/endpoints/api/use-schema-draft';

export type WorkbenchView = 'scenario' | 'schema';

/** Scenario or request schema: what the editor area of the workbench shows. */
export function ViewSwitch({
  view,
  onChange,
  schemaDirty,
}: {
  view: WorkbenchView;
  onChange: (view: WorkbenchView) => void;
  schemaDirty: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="segmented workbench__views" role="radiogroup" aria-label={t('requestSchema.view.label')}>
      {(['scenario', 'schema'] as const).map((option) => (
        <label key={option} className="segmented__option">
          <input type="radio" name="workbench-view" checked={view === option} onChange={() => onChange(option)} />
          <span>
            {t(`requestSchema.view.${option}`)}
            {option === 'schema' && schemaDirty ? (
              <span className="badge badge--warn" data-testid="schema-unsaved">
                {t('requestSchema.unsaved')}
              </span>
            ) : null}
          </span>
        </label>
      ))}
    </div>
  );
}

/**
 * The endpoint's request schema beside its scenario: a draft the editor's types and test runs
 * follow at once, saved on its own (callers are checked against the saved one only).
 */
export function SchemaView({
  endpointId,
  draft,
  readOnly,
  onSaved,
  onFailed,
}: {
  endpointId: string;
  draft: ReturnType<typeof useSchemaDraft>;
  readOnly: boolean;
  onSaved: () => void;
  onFailed: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  async function save() {
    try {
      if (await draft.save()) onSaved();
    } catch (error) {
      onFailed(error);
    }
  }
  return (
    <section className="schema-view" aria-label={t('requestSchema.title')} data-testid="schema-view">
      <p className="notice notice--inline">{readOnly ? t('requestSchema.readOnly') : t('requestSchema.draftNote')}</p>
      <RequestSchemaFields
        scope={endpointId}
        endpointId={endpointId}
        texts={draft.texts}
        onChange={draft.change}
        errors={draft.errors}
        problems={draft.problems}
        readOnly={readOnly}
        footer={
          readOnly ? null : (
            <button
              type="button"
              className="btn btn--small btn--primary"
              disabled={!draft.dirty || !draft.valid || draft.saving}
              onClick={() => void save()}
              data-testid="save-schema"
            >
              {draft.saving ? t('common.saving') : t('requestSchema.save')}
            </button>
          )
        }
      />
    </section>
  );
}
