import 'monaco-editor/esm/vs/language/json/monaco.contribution';
import { DRAFT_2020_12, editorMetaSchema, type MetaSchemaMessages } from '../json-schema/editor-meta-schema';
import type { SchemaPart } from '../json-schema/request-schema-text';
import { setupMonacoCore, type Monaco } from './core';

/** Request schema models end so: the meta-schema applies to them and to nothing else. */
const SCHEMA_FILE_SUFFIX = '.request-schema.json';

let configuredFor: string | null = null;

/**
 * The JSON language for request schemas: every model named by `requestSchemaModelPath` is
 * checked against the draft 2020-12 meta-schema as it is typed. The meta-schema is bundled
 * (`lib/json-schema/meta-2020-12`) and schema requests stay off, so a `$schema` URL in a
 * document is never fetched. The messages of the rules the server adds come in the admin's language.
 */
export function setupJsonSchemaLanguage(messages: MetaSchemaMessages): Monaco {
  const monaco = setupMonacoCore();
  const key = JSON.stringify(messages);
  if (configuredFor === key) return monaco;
  configuredFor = key;
  monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemaValidation: 'error',
    schemaRequest: 'error',
    schemas: [{ uri: DRAFT_2020_12, fileMatch: [`*${SCHEMA_FILE_SUFFIX}`], schema: editorMetaSchema(messages) }],
  });
  return monaco;
}

/** One model per endpoint (`new` while creating) and part, so each keeps its own undo history. */
export function requestSchemaModelPath(scope: string, part: SchemaPart): string {
  return `file:///endpoints/${encodeURIComponent(scope)}/${part}${SCHEMA_FILE_SUFFIX}`;
}
