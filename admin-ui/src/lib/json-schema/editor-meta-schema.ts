import applicator from './meta-2020-12/applicator.json';
import content from './meta-2020-12/content.json';
import core from './meta-2020-12/core.json';
import formatAnnotation from './meta-2020-12/format-annotation.json';
import metaData from './meta-2020-12/meta-data.json';
import schema from './meta-2020-12/schema.json';
import unevaluated from './meta-2020-12/unevaluated.json';
import validation from './meta-2020-12/validation.json';
import { isSchemaObject, type JsonSchemaObject } from './types';

/** The official draft 2020-12 meta-schema's $id: what a schema's `$schema` names. */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

const VOCABULARIES: Record<string, unknown> = {
  core,
  applicator,
  unevaluated,
  validation,
  'meta-data': metaData,
  'format-annotation': formatAnnotation,
  content,
};

/** Keywords the server knows beyond the vocabularies (Ajv's `nullable`, ajv-formats' format comparisons). */
const EXTRA_KEYWORDS = [
  'nullable',
  'formatMinimum',
  'formatMaximum',
  'formatExclusiveMinimum',
  'formatExclusiveMaximum',
];

export interface MetaSchemaMessages {
  /** For a `$ref` that leaves the schema. */
  localRefOnly: string;
  /** For a keyword no vocabulary defines (the server refuses those, in strict mode). */
  unknownKeyword: string;
}

/**
 * The draft 2020-12 meta-schema (copied from the specification, in meta-2020-12/) as one
 * self-contained document for Monaco's JSON language service, which checks a schema as it is
 * typed. That service neither follows `$dynamicRef` nor may it fetch the vocabularies (no request
 * leaves the admin), so each vocabulary moves under `$defs` and every `$dynamicRef: "#meta"`
 * becomes `$ref: "#"` — the same meaning as long as nobody extends the meta-schema, as here.
 *
 * Two rules are added, as the server has them: `$ref` points into the schema itself (`#…`), and
 * every keyword is one a vocabulary defines (a typo such as `minimun` would be refused on save).
 * Their messages come from the caller, in the admin's language.
 */
export function editorMetaSchema(messages: MetaSchemaMessages): JsonSchemaObject {
  const $defs: Record<string, unknown> = {};
  for (const [name, vocabulary] of Object.entries(VOCABULARIES)) {
    $defs[`vocab-${name}`] = rewrite(vocabulary, name);
  }
  const root = rewrite(schema, null) as JsonSchemaObject;
  const coreDefs = ($defs['vocab-core'] as JsonSchemaObject).properties as JsonSchemaObject;
  coreDefs.$ref = { ...(coreDefs.$ref as JsonSchemaObject), pattern: '^#', patternErrorMessage: messages.localRefOnly };
  const keywords = new Set(EXTRA_KEYWORDS);
  for (const definition of [root, ...Object.values($defs)]) {
    const properties = (definition as JsonSchemaObject).properties;
    if (isSchemaObject(properties)) for (const keyword of Object.keys(properties)) keywords.add(keyword);
  }
  const propertyNames = { enum: [...keywords].sort(), errorMessage: messages.unknownKeyword };
  return { ...root, $schema: DRAFT_2020_12, propertyNames, $defs };
}

/** Rewrites the references of one vocabulary (`name`) or of the root (null) to point inside the combined document. */
function rewrite(node: unknown, vocabulary: string | null): unknown {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, vocabulary));
  if (!isSchemaObject(node)) return node;
  const out: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema' || key === '$vocabulary' || key === '$dynamicAnchor') continue;
    if (key === '$dynamicRef' && value === '#meta') {
      out.$ref = '#';
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = pointerFor(value, vocabulary);
    } else {
      out[key] = rewrite(value, vocabulary);
    }
  }
  return out;
}

/** `meta/core#/$defs/x` → `#/$defs/vocab-core/$defs/x`; `#/$defs/x` inside a vocabulary → under that vocabulary. */
function pointerFor(ref: string, vocabulary: string | null): string {
  const [document = '', fragment = ''] = ref.split('#', 2);
  const target = document ? document.replace(/^meta\//, '') : vocabulary;
  if (target === null) return ref;
  return `#/$defs/vocab-${target}${fragment}`;
}
