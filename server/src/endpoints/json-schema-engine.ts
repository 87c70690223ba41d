import { Ajv2020, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import formats from 'ajv-formats';

/**
 * Ajv as request schemas use it (JSON Schema draft 2020-12, formats from ajv-formats). Two
 * instances, made once: compiling the 2020-12 meta-schema costs ~100 ms, so it is shared; each
 * compiled request schema is dropped from Ajv's own cache at once (the callers cache what they
 * compiled, by endpoint), so schemas that change never pile up in it.
 *
 * Options, and why:
 * - `strict` (unknown keywords, ignored keywords, ambiguous types are errors when an admin
 *   saves a schema), but `strictRequired` off: `anyOf: [{ required: ["a"] }, …]` is common and
 *   correct. Union types (`["string", "null"]`) are allowed.
 * - `allErrors` off: Ajv stops at the first failure, in keyword order, so `maxLength` is checked
 *   before `pattern` and `maxItems` before `uniqueItems` — what keeps a crafted request from
 *   making either slow. A refused request is told its first problem per part.
 * - Patterns run through `cappedRegExp`: a string longer than PATTERN_MAX_INPUT is refused
 *   rather than tested (see pattern-risk.ts for the patterns that are refused on save).
 */

/** Longest string a `pattern` (or `patternProperties` key) is tested against. */
export const PATTERN_MAX_INPUT = 512;

/** Thrown by a pattern test of a string past PATTERN_MAX_INPUT; the check reports it. */
export class PatternInputTooLong extends Error {
  override readonly name = 'PatternInputTooLong';
}

const cappedRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const regExp = new RegExp(pattern, flags);
    return {
      test(value: string): boolean {
        if (value.length > PATTERN_MAX_INPUT) throw new PatternInputTooLong();
        return regExp.test(value);
      },
    };
  },
  { code: 'cappedRegExp' },
);

export type SchemaFlavour = 'plain' | 'coercing';

const instances = new Map<SchemaFlavour, Ajv2020>();

function ajvFor(flavour: SchemaFlavour): Ajv2020 {
  let ajv = instances.get(flavour);
  if (!ajv) {
    ajv = new Ajv2020({
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      allErrors: false,
      // Compiling does not meta-validate: a saved schema was validated on save
      // (`metaSchemaErrors`), and compiling the meta-schema on a request path costs ~0.5 s.
      validateSchema: false,
      // Query strings and form fields are text: `?page=2` should match `{ type: "integer" }`,
      // and `?tag=a` an array of tags. Applied to a copy, so the scenario sees what was sent.
      coerceTypes: flavour === 'coercing' ? 'array' : false,
      code: { regExp: cappedRegExp },
    });
    formats.default(ajv);
    instances.set(flavour, ajv);
  }
  return ajv;
}

/** Meta-validation against draft 2020-12: the problems, or an empty list. */
export function metaSchemaErrors(schema: unknown): ErrorObject[] {
  const ajv = ajvFor('plain');
  if (ajv.validateSchema(schema as AnySchema)) return [];
  return [...(ajv.errors ?? [])];
}

/** Compiles `schema` (throws Ajv's error when it cannot) without keeping it in Ajv's cache. */
export function compileSchema(schema: unknown, flavour: SchemaFlavour): ValidateFunction {
  const ajv = ajvFor(flavour);
  try {
    return ajv.compile(schema as AnySchema);
  } finally {
    ajv.removeSchema(schema as AnySchema);
  }
}
