import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchemaPart, SchemaTexts } from '../../lib/json-schema/request-schema-text';
import { LoadingState } from '../states';
import { Tabs } from '../Tabs';
import { DeriveFromProcess } from './DeriveFromProcess';
import type { SchemaProblem } from './SchemaJsonEditor';

export type { SchemaProblem };

// Monaco is large: it loads when a schema editor is first shown, not with the settings page.
const SchemaJsonEditor = lazy(() => import('./SchemaJsonEditor'));

const PARTS: readonly SchemaPart[] = ['body', 'query'];

/**
 * The body and query schemas of an endpoint as two JSON editors (tabs), each with the messages
 * that belong to it and "derive from a past process". Used by the settings form and by the
 * scenario editor's schema view, which both hold the texts.
 */
export function RequestSchemaFields({
  scope,
  endpointId,
  texts,
  onChange,
  errors,
  problems,
  readOnly,
  fieldNames,
  editorOnDemand = false,
  footer,
}: {
  scope: string;
  /** For deriving from its processes; null while the endpoint does not exist yet. */
  endpointId: string | null;
  texts: SchemaTexts;
  onChange: (part: SchemaPart, text: string) => void;
  /** A message under each editor (not JSON, too large, the server's verdict). */
  errors: Partial<Record<SchemaPart, string>>;
  /** The server's findings, marked in the text. */
  problems: Partial<Record<SchemaPart, readonly SchemaProblem[]>>;
  readOnly: boolean;
  /** The form's field name of each part, so a form can find (and focus) the editor of an invalid one. */
  fieldNames?: Record<SchemaPart, string>;
  /**
   * Load the editors only once there is a schema or the user asks for one: the settings page of
   * an endpoint without a schema then does not load Monaco at all.
   */
  editorOnDemand?: boolean;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const [part, setPart] = useState<SchemaPart>(() => (errors.query && !errors.body ? 'query' : 'body'));
  const [markers, setMarkers] = useState<Partial<Record<SchemaPart, number>>>({});
  const [asked, setAsked] = useState(false);
  const showEditor = !editorOnDemand || asked || !!texts.body.trim() || !!texts.query.trim();
  const error = errors[part];
  // A new message for the part not shown brings that part forward.
  const other: SchemaPart = part === 'body' ? 'query' : 'body';
  const showOther = !errors[part] && !!errors[other];
  useEffect(() => {
    if (showOther) setPart(other);
  }, [showOther, other]);
  return (
    <div className="request-schema">
      <Tabs
        compact
        label={t('requestSchema.parts')}
        active={part}
        onChange={setPart}
        tabs={PARTS.map((key) => ({
          key,
          label: t(`requestSchema.${key}`),
          badge: errors[key] || markers[key] ? '!' : texts[key].trim() ? '✓' : null,
        }))}
      >
        <p className="field__hint">{t(`requestSchema.${part}Hint`)}</p>
        <div className={`field${error ? ' field--invalid' : ''}`} data-field={fieldNames?.[part]}>
          {showEditor ? null : (
            <div className="request-schema__empty">
              <p className="muted">{t('requestSchema.none')}</p>
              {readOnly ? null : (
                <button type="button" className="btn btn--small" onClick={() => setAsked(true)}>
                  {t(`requestSchema.write.${part}`)}
                </button>
              )}
            </div>
          )}
          {showEditor ? (
            <Suspense fallback={<LoadingState label={t('editor.loadingEditor')} />}>
              <SchemaJsonEditor
                scope={scope}
                part={part}
                value={texts[part]}
                onChange={(text) => onChange(part, text)}
                readOnly={readOnly}
                label={t(`requestSchema.editorLabel.${part}`)}
                problems={problems[part] ?? []}
                onMarkerCount={(count) => setMarkers((current) => ({ ...current, [part]: count }))}
              />
            </Suspense>
          ) : null}
          {error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="request-schema__actions">
          {endpointId && !readOnly ? (
            <DeriveFromProcess
              key={part}
              endpointId={endpointId}
              part={part}
              onPropose={(schema) => onChange(part, JSON.stringify(schema, null, 2))}
            />
          ) : null}
          {!readOnly && texts[part].trim() ? (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => onChange(part, '')}>
              {t(`requestSchema.clear.${part}`)}
            </button>
          ) : null}
          {footer}
        </div>
      </Tabs>
    </div>
  );
}
