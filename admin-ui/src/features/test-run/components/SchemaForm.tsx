import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, type ControlProps } from '../../../components/Field';
import { IconClose, IconPlus } from '../../../components/icons';
import { valueAt, withValueAt, type FormField, type ScalarKind } from '../lib/schema-form';

type ObjectField = Extract<FormField, { kind: 'object' }>;

/**
 * The body as a form generated from the body schema (see lib/schema-form.ts). It edits one JSON
 * value; `errors` are the last test run's 422 messages, placed by field pointer ('' = above).
 */
export function SchemaForm({
  form,
  value,
  onChange,
  errors,
}: {
  form: ObjectField;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: ReadonlyMap<string, string[]>;
}) {
  const { t } = useTranslation();
  const top = errors.get('') ?? [];
  return (
    <div className="schema-form" role="group" aria-label={t('testRun.form.label')} data-testid="schema-form">
      {top.length > 0 ? (
        <ul className="schema-form__errors" role="alert">
          {top.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {form.fields.map((field) => (
        <FieldControl key={field.pointer} field={field} body={value} onChange={onChange} errors={errors} />
      ))}
      <p className="field__hint">{t('testRun.form.sendsJson')}</p>
    </div>
  );
}

function FieldControl({
  field,
  body,
  onChange,
  errors,
}: {
  field: FormField;
  body: unknown;
  onChange: (body: unknown) => void;
  errors: ReadonlyMap<string, string[]>;
}) {
  const { t } = useTranslation();
  const value = valueAt(body, field.pointer);
  const set = (next: unknown) => onChange(withValueAt(body, field.pointer, next));
  const error = errors.get(field.pointer)?.join('; ');
  if (field.kind === 'object') {
    return (
      <fieldset className={`schema-form__group${error ? ' schema-form__group--invalid' : ''}`}>
        <legend>
          {field.label}
          {field.required ? (
            <span className="field__required" title={t('testRun.form.required')}>
              *
            </span>
          ) : null}
        </legend>
        {field.description ? <p className="field__hint">{field.description}</p> : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        {field.fields.map((child) => (
          <FieldControl key={child.pointer} field={child} body={body} onChange={onChange} errors={errors} />
        ))}
      </fieldset>
    );
  }
  if (field.kind === 'boolean') {
    return (
      <Field label={field.label} hint={field.description} error={error} required={field.required}>
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={value === true}
            // Unchecked is `false` when the property is required, else the property is left out.
            onChange={(event) => set(event.target.checked ? true : field.required ? false : undefined)}
          />
        )}
      </Field>
    );
  }
  return (
    <Field label={field.label} hint={field.description} error={error} required={field.required}>
      {(control) => {
        switch (field.kind) {
          case 'text':
          case 'number':
          case 'enum':
            return <ScalarInput control={control} field={field} value={value} onChange={set} />;
          case 'list':
            return <ListInput control={control} field={field} value={value} onChange={set} />;
          default:
            return <JsonInput control={control} value={value} onChange={set} />;
        }
      }}
    </Field>
  );
}

type ScalarField = Extract<FormField, { kind: 'text' | 'number' | 'enum' }>;

function ScalarInput({
  control,
  field,
  value,
  onChange,
}: {
  control: ControlProps & { 'aria-label'?: string };
  field: ScalarField;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  if (field.kind === 'enum') {
    const index = field.options.findIndex((option) => JSON.stringify(option) === JSON.stringify(value));
    return (
      <select
        {...control}
        className="select"
        value={index < 0 ? '' : String(index)}
        onChange={(event) =>
          onChange(event.target.value === '' ? undefined : field.options[Number(event.target.value)])
        }
      >
        <option value="">{t('testRun.form.unset')}</option>
        {field.options.map((option, i) => (
          <option key={i} value={String(i)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === 'number') {
    return (
      <input
        {...control}
        type="number"
        className="input"
        step={field.integer ? 1 : 'any'}
        value={typeof value === 'number' ? String(value) : ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    );
  }
  const inputType = field.format === 'email' ? 'email' : field.format === 'uri' ? 'url' : 'text';
  return (
    <input
      {...control}
      type={inputType}
      className="input"
      placeholder={field.format ?? undefined}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
    />
  );
}

const LIST_ITEM_KIND: Record<ScalarKind, 'text' | 'number' | 'enum'> = {
  string: 'text',
  number: 'number',
  integer: 'number',
  boolean: 'enum',
};

function ListInput({
  control,
  field,
  value,
  onChange,
}: {
  control: ControlProps;
  field: Extract<FormField, { kind: 'list' }>;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const items = Array.isArray(value) ? value : [];
  const kind = field.options ? 'enum' : LIST_ITEM_KIND[field.item];
  const itemField = {
    ...field,
    kind,
    options: field.options ?? [true, false],
    integer: field.item === 'integer',
    format: null,
  } as ScalarField;
  const update = (next: unknown[]) => onChange(next.length === 0 && !field.required ? undefined : next);
  return (
    <div className="schema-form__list" id={control.id} aria-describedby={control['aria-describedby']}>
      {items.map((item, index) => {
        const label = t('testRun.form.item', { name: field.label, n: index + 1 });
        return (
          <div className="schema-form__item" key={index}>
            <ScalarInput
              control={{
                id: `${control.id}-${index}`,
                'aria-invalid': control['aria-invalid'],
                'aria-describedby': undefined,
                'aria-label': label,
              }}
              field={itemField}
              value={item}
              // A cleared text item stays (as "") while it is edited; a cleared choice removes the item.
              onChange={(next) =>
                update(
                  items
                    .map((old, i) => (i === index ? (next === undefined && kind === 'text' ? '' : next) : old))
                    .filter((entry) => entry !== undefined),
                )
              }
            />
            <button
              type="button"
              className="icon-btn"
              aria-label={t('testRun.form.removeItem', { n: index + 1, name: field.label })}
              onClick={() => update(items.filter((_, i) => i !== index))}
            >
              <IconClose />
            </button>
          </div>
        );
      })}
      <button type="button" className="btn btn--small btn--ghost" onClick={() => update([...items, firstItem(field)])}>
        <IconPlus /> {t('testRun.form.addItem')}
      </button>
    </div>
  );
}

/** What "add an item" starts with: the first choice, or an empty value of the item's type. */
function firstItem(field: Extract<FormField, { kind: 'list' }>): unknown {
  if (field.options) return field.options[0];
  if (field.item === 'string') return '';
  return field.item === 'boolean' ? true : 0;
}

function JsonInput({
  control,
  value,
  onChange,
}: {
  control: ControlProps;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <textarea
        {...control}
        className="textarea textarea--code"
        rows={3}
        spellCheck={false}
        placeholder={t('testRun.form.jsonHint')}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (!next.trim()) {
            setProblem(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(next) as unknown);
            setProblem(null);
          } catch (error) {
            setProblem((error as Error).message);
          }
        }}
      />
      {problem ? <p className="field__error">{t('testRun.form.invalidJson', { detail: problem })}</p> : null}
    </>
  );
}
