import { REQUEST_SCHEMA_MAX_BYTES, type Endpoint, type RequestSchema } from '@contract';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import type { SchemaProblem } from '../../../components/request-schema/RequestSchemaFields';
import {
  parseSchemaTexts,
  schemaTexts,
  type SchemaPart,
  type SchemaTexts,
} from '../../../lib/json-schema/request-schema-text';
import { schemaProblemOf } from '../lib/request-schema-model';
import { useUpdateEndpoint } from './hooks';

const PARTS: readonly SchemaPart[] = ['body', 'query'];
/** How long typing pauses before the editor's types follow the schema (each change re-checks the scenario). */
const TYPES_DELAY_MS = 300;

type PerPart<T> = Partial<Record<SchemaPart, T>>;

/**
 * The request schema as the scenario editor holds it: a draft the editor's types and test runs
 * use at once, saved to the endpoint (PATCH `requestSchema`) only when asked.
 */
export function useSchemaDraft(endpoint: Endpoint) {
  const { t } = useTranslation();
  const update = useUpdateEndpoint(endpoint.id);
  const [texts, setTexts] = useState<SchemaTexts>(() => schemaTexts(endpoint.requestSchema));
  const [serverErrors, setServerErrors] = useState<PerPart<string>>({});
  const [problems, setProblems] = useState<PerPart<SchemaProblem[]>>({});
  const parsed = useMemo(() => parseSchemaTexts(texts), [texts]);
  const [typed, setTyped] = useState<RequestSchema | null>(endpoint.requestSchema ?? null);

  // The types follow each part's last text that parsed, so a half-typed schema does not undo them.
  useEffect(() => {
    const timer = setTimeout(() => {
      setTyped((previous) => {
        const next: RequestSchema = { ...previous };
        for (const part of PARTS) {
          if (parsed.problems[part] === 'json' || parsed.problems[part] === 'notSchema') continue;
          const value = parsed.value?.[part];
          if (value === undefined) delete next[part];
          else next[part] = value;
        }
        return Object.keys(next).length > 0 ? next : null;
      });
    }, TYPES_DELAY_MS);
    return () => clearTimeout(timer);
  }, [parsed]);

  const valid = Object.keys(parsed.problems).length === 0;
  const dirty = !valid || JSON.stringify(parsed.value) !== JSON.stringify(endpoint.requestSchema ?? null);
  const errors: PerPart<string> = {};
  for (const part of PARTS) {
    const problem = parsed.problems[part];
    const message = problem
      ? t(`requestSchema.errors.${problem}`, { max: REQUEST_SCHEMA_MAX_BYTES / 1024 })
      : serverErrors[part];
    if (message) errors[part] = message;
  }

  function change(part: SchemaPart, text: string) {
    setTexts((current) => ({ ...current, [part]: text }));
    setServerErrors(({ [part]: _stale, ...rest }) => rest);
    setProblems(({ [part]: _stale, ...rest }) => rest);
  }

  /** Saves the draft; resolves true when saved, false when the server refused it (said where). */
  async function save(): Promise<boolean> {
    if (!valid || update.isPending) return false;
    try {
      await update.mutateAsync({ requestSchema: parsed.value });
      setServerErrors({});
      setProblems({});
      return true;
    } catch (error) {
      if (!isApiError(error) || Object.keys(error.fields).length === 0) throw error;
      const messages: PerPart<string> = {};
      const found: PerPart<SchemaProblem[]> = {};
      for (const [path, message] of Object.entries(error.fields)) {
        const problem = schemaProblemOf(path, message);
        if (!problem) continue;
        const text = problem.pointer ? `${problem.pointer}: ${problem.message}` : problem.message;
        messages[problem.part] = messages[problem.part] ? `${messages[problem.part]}; ${text}` : text;
        (found[problem.part] ??= []).push({ pointer: problem.pointer, message: problem.message });
      }
      if (Object.keys(found).length === 0) throw error;
      setServerErrors(messages);
      setProblems(found);
      return false;
    }
  }

  return {
    texts,
    change,
    errors,
    problems,
    /** The draft parses and is within the size the server takes. */
    valid,
    dirty,
    /** What the editor's types are made from (debounced; each part's last text that parsed). */
    typed,
    /** The draft as the admin API takes it, or which part keeps it from being sent. */
    forTestRun: (): { ok: true; value?: RequestSchema | null } | { ok: false; part: SchemaPart } => {
      if (!valid) return { ok: false, part: PARTS.find((part) => parsed.problems[part]) ?? 'body' };
      return dirty ? { ok: true, value: parsed.value } : { ok: true };
    },
    save,
    saving: update.isPending,
  };
}
