import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { InlineError } from '../../../components/states';
import {
  FIELD_ORDER,
  endpointInput,
  fieldErrorsFromServer,
  validateEndpoint,
  type EndpointFormValues,
  type FieldErrors,
} from '../lib/form-model';
import type { SchemaProblem } from '../../../components/request-schema/RequestSchemaFields';
import type { SchemaPart } from '../../../lib/json-schema/request-schema-text';
import { schemaProblemOf } from '../lib/request-schema-model';
import { AccessSection } from './form/AccessSection';
import { AsyncSection } from './form/AsyncSection';
import { CorsSection } from './form/CorsSection';
import { FailureAlertSection } from './form/FailureAlertSection';
import { GeneralSection } from './form/GeneralSection';
import { RequestSchemaSection } from './form/RequestSchemaSection';
import { RequestSection } from './form/RequestSection';
import { SecretsSection } from './form/SecretsSection';

interface EndpointFormProps {
  initial: EndpointFormValues;
  mode: 'create' | 'edit';
  readOnly: boolean;
  submitLabel: string;
  /** Rejects with the API's error; field errors are shown next to their fields. */
  onSubmit: (input: ReturnType<typeof endpointInput>) => Promise<unknown>;
  onDirtyChange?: (dirty: boolean) => void;
  onValuesChange?: (values: EndpointFormValues) => void;
  /** Shown above the settings (the template picker when creating). */
  before?: ReactNode;
  footerExtra?: ReactNode;
  /** Admin-only settings (CSP sandbox off, secret grants) are editable: the user is an admin. */
  canSetAdminOnly?: boolean;
  /** Every secret name, for an admin to grant from; null (or omitted) for other roles. */
  secretNames?: readonly string[] | null;
  /** The saved endpoint's callback secret, under the callback URL (absent while creating). */
  callbackSecret?: ReactNode;
  /** The saved endpoint's id (absent while creating): deriving a schema from its processes, its OpenAPI. */
  endpointId?: string;
}

type SchemaProblems = Partial<Record<SchemaPart, SchemaProblem[]>>;

/** Where the server's `400 validation_failed` says a request schema is wrong, per part. */
function schemaProblemsFrom(fields: Record<string, string>): SchemaProblems {
  const problems: SchemaProblems = {};
  for (const [path, message] of Object.entries(fields)) {
    const problem = schemaProblemOf(path, message);
    if (problem) (problems[problem.part] ??= []).push({ pointer: problem.pointer, message: problem.message });
  }
  return problems;
}

export function EndpointForm(props: EndpointFormProps) {
  const { initial, mode, readOnly, submitLabel, onSubmit, onDirtyChange, onValuesChange, before, footerExtra } = props;
  const canSetAdminOnly = props.canSetAdminOnly ?? false;
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [schemaProblems, setSchemaProblems] = useState<SchemaProblems>({});
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);

  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  useEffect(() => onValuesChange?.(values), [values, onValuesChange]);
  // A saved form starts again from what the server now holds.
  useEffect(() => setValues(initial), [initial]);

  const set = (patch: Partial<EndpointFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // An edited field's error is stale; drop it so the message does not contradict the input.
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key as keyof FieldErrors];
      return next;
    });
    if ('requestSchemaBody' in patch) setSchemaProblems(({ body: _stale, ...rest }) => rest);
    if ('requestSchemaQuery' in patch) setSchemaProblems(({ query: _stale, ...rest }) => rest);
  };

  function focusFirstError(found: FieldErrors) {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (!first) return;
    // A plain control by its name; a code editor (the request schemas) by its field's marker.
    const control =
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`) ??
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"] textarea`);
    control?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || pending) return;
    const found = validateEndpoint(values, t);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    setPending(true);
    try {
      await onSubmit(endpointInput(values));
    } catch (error) {
      if (
        isApiError(error) &&
        (error.code === 'slug_taken' || (error.status === 409 && !Object.keys(error.fields).length))
      ) {
        const next = { slug: t('endpointForm.errors.slugTaken') };
        setErrors(next);
        focusFirstError(next);
      } else if (isApiError(error) && Object.keys(error.fields).length > 0) {
        const next = fieldErrorsFromServer(error.fields, values.accessType);
        setErrors(next);
        setSchemaProblems(schemaProblemsFrom(error.fields));
        focusFirstError(next);
      } else {
        setFailure(error);
      }
    } finally {
      setPending(false);
    }
  }

  const urlPrefix = `${window.location.origin}/api/webrequest/`;
  const errorCount = Object.keys(errors).length;
  return (
    <form
      ref={formRef}
      className="endpoint-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-busy={pending}
    >
      {before}
      <GeneralSection
        values={values}
        errors={errors}
        set={set}
        readOnly={readOnly}
        slugLocked={false}
        urlPrefix={urlPrefix}
      />
      <RequestSection
        values={values}
        errors={errors}
        set={set}
        readOnly={readOnly}
        canSetAdminOnly={canSetAdminOnly}
        savedCspSandbox={initial.cspSandbox}
      />
      <RequestSchemaSection
        values={values}
        errors={errors}
        set={set}
        readOnly={readOnly}
        endpointId={props.endpointId ?? null}
        slug={values.slug}
        problems={schemaProblems}
      />
      <AccessSection values={values} errors={errors} set={set} readOnly={readOnly} />
      <SecretsSection
        values={values}
        errors={errors}
        set={set}
        readOnly={readOnly}
        canGrant={canSetAdminOnly}
        available={props.secretNames ?? null}
      />
      <CorsSection values={values} errors={errors} set={set} readOnly={readOnly} />
      <AsyncSection
        values={values}
        errors={errors}
        set={set}
        readOnly={readOnly}
        callbackSecret={props.callbackSecret}
      />
      <FailureAlertSection values={values} errors={errors} set={set} readOnly={readOnly} />
      {errors._form ? (
        <p className="inline-error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <InlineError error={failure} />
      {readOnly ? null : (
        <div className="form-footer">
          {errorCount > 0 ? (
            <p className="form-footer__errors" role="alert">
              {t('endpointForm.fixErrors', { count: errorCount })}
            </p>
          ) : (
            <p className="form-footer__status">{mode === 'edit' && dirty ? t('common.unsavedChanges') : ''}</p>
          )}
          {footerExtra}
          <button type="submit" className="btn btn--primary" disabled={pending || (mode === 'edit' && !dirty)}>
            {pending ? t('common.saving') : submitLabel}
          </button>
        </div>
      )}
    </form>
  );
}
