import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckField } from '../../../../components/Field';
import { RequestSchemaFields, type SchemaProblem } from '../../../../components/request-schema/RequestSchemaFields';
import { API_DOCS_URL } from '../../../../lib/api-docs';
import type { SchemaPart } from '../../../../lib/json-schema/request-schema-text';
import { SCHEMA_FIELDS } from '../../lib/request-schema-model';
import { OpenApiPreview } from '../OpenApiPreview';
import type { SectionProps } from './section-props';

interface RequestSchemaSectionProps extends SectionProps {
  /** The saved endpoint (to derive from its processes, preview its OpenAPI); null while creating. */
  endpointId: string | null;
  slug: string;
  /** Where the server's 400 says a schema is wrong, to mark it in the text. */
  problems: Partial<Record<SchemaPart, readonly SchemaProblem[]>>;
}

/** The body and query schemas, and whether the endpoint is listed in the public API docs. */
export function RequestSchemaSection({
  values,
  errors,
  set,
  readOnly,
  endpointId,
  slug,
  problems,
}: RequestSchemaSectionProps) {
  const { t } = useTranslation();
  const [previewing, setPreviewing] = useState(false);
  return (
    <fieldset className="form-section" data-testid="request-schema-section">
      <legend className="form-section__title">{t('requestSchema.title')}</legend>
      <p className="form-section__intro">{t('requestSchema.intro')}</p>
      <RequestSchemaFields
        scope={endpointId ?? 'new'}
        endpointId={endpointId}
        texts={{ body: values.requestSchemaBody, query: values.requestSchemaQuery }}
        fieldNames={SCHEMA_FIELDS}
        editorOnDemand
        onChange={(part, text) => set(part === 'body' ? { requestSchemaBody: text } : { requestSchemaQuery: text })}
        errors={{ body: errors.requestSchemaBody, query: errors.requestSchemaQuery }}
        problems={problems}
        readOnly={readOnly}
      />
      <CheckField
        label={t('requestSchema.documented')}
        hint={t('requestSchema.documentedHint')}
        checked={values.documented}
        disabled={readOnly}
        onChange={(documented) => set({ documented })}
      />
      {errors.documented ? (
        <p className="field__error" role="alert">
          {errors.documented}
        </p>
      ) : null}
      <div className="form-section__links">
        <a href={API_DOCS_URL} target="_blank" rel="noopener noreferrer" className="btn btn--small btn--ghost">
          {t('requestSchema.openDocs')}
        </a>
        {endpointId && !readOnly ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setPreviewing(true)}>
            {t('requestSchema.preview')}
          </button>
        ) : null}
      </div>
      {previewing && endpointId ? (
        <OpenApiPreview endpointId={endpointId} slug={slug} onClose={() => setPreviewing(false)} />
      ) : null}
    </fieldset>
  );
}
