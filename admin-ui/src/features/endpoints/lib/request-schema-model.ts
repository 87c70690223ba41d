import { REQUEST_SCHEMA_MAX_BYTES } from '@contract';
import {
  parseSchemaTexts,
  schemaTexts,
  type RequestSchemaValue,
  type SchemaPart,
} from '../../../lib/json-schema/request-schema-text';

/**
 * The Request schema section of the endpoint form: the body and query schemas as typed (JSON
 * text, blank = none) and whether the endpoint is listed in the public API docs.
 */
export interface RequestSchemaFormValues {
  requestSchemaBody: string;
  requestSchemaQuery: string;
  documented: boolean;
}

type SchemaField = keyof RequestSchemaFormValues;
type Translate = (key: string, params?: Record<string, unknown>) => string;

export const SCHEMA_FIELDS: Record<SchemaPart, 'requestSchemaBody' | 'requestSchemaQuery'> = {
  body: 'requestSchemaBody',
  query: 'requestSchemaQuery',
};

export function requestSchemaValuesFrom(
  requestSchema: RequestSchemaValue | undefined,
  documented: boolean | undefined,
): RequestSchemaFormValues {
  const texts = schemaTexts(requestSchema);
  return { requestSchemaBody: texts.body, requestSchemaQuery: texts.query, documented: documented ?? false };
}

const textsOf = (values: RequestSchemaFormValues) => ({
  body: values.requestSchemaBody,
  query: values.requestSchemaQuery,
});

/** JSON, a schema, within the size the server takes; whether it is a valid 2020-12 schema the server decides. */
export function validateRequestSchema(
  values: RequestSchemaFormValues,
  t: Translate,
): Partial<Record<SchemaField, string>> {
  const { problems } = parseSchemaTexts(textsOf(values));
  const errors: Partial<Record<SchemaField, string>> = {};
  for (const [part, problem] of Object.entries(problems) as Array<[SchemaPart, string]>) {
    errors[SCHEMA_FIELDS[part]] = t(`requestSchema.errors.${problem}`, { max: REQUEST_SCHEMA_MAX_BYTES / 1024 });
  }
  return errors;
}

export function requestSchemaInput(values: RequestSchemaFormValues): {
  requestSchema: RequestSchemaValue;
  documented: boolean;
} {
  return { requestSchema: parseSchemaTexts(textsOf(values)).value, documented: values.documented };
}

/** A problem the server found in a schema: which part, where in it (JSON Pointer), what. */
export interface ServerSchemaProblem {
  part: SchemaPart;
  pointer: string;
  message: string;
}

/**
 * Reads the server's `400 validation_failed` field paths about the schema. The path after
 * `requestSchema.<part>` (dotted, or a JSON Pointer) — or, failing that, a pointer the message
 * starts with — says where in the schema the problem is.
 */
export function schemaProblemOf(path: string, message: string): ServerSchemaProblem | null {
  const match = /^requestSchema(?:\.(body|query))?(.*)$/.exec(path);
  if (!match) return null;
  const part: SchemaPart = match[1] === 'query' ? 'query' : 'body';
  const rest = match[2] ?? '';
  let pointer = '';
  if (rest.startsWith('/')) pointer = rest;
  else if (rest.startsWith('.')) pointer = `/${rest.slice(1).split('.').join('/')}`;
  const inMessage = /^(\/[^\s:]*):\s*(.*)$/s.exec(message);
  if (!pointer && inMessage) return { part, pointer: inMessage[1]!, message: inMessage[2]! };
  return { part, pointer, message };
}

/** The server's `requestSchema…` and `documented` paths onto the form's fields. */
export function requestSchemaFieldOf(path: string): SchemaField | null {
  if (path === 'documented') return 'documented';
  const problem = schemaProblemOf(path, '');
  return problem ? SCHEMA_FIELDS[problem.part] : null;
}

export const REQUEST_SCHEMA_FIELD_ORDER: readonly SchemaField[] = ['requestSchemaBody', 'requestSchemaQuery'];
