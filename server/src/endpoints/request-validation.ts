import type { RunRequest } from '@scriptgate/runner';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { RequestSchema, RequestValidationError } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import { compileSchema, PATTERN_MAX_INPUT, PatternInputTooLong, type SchemaFlavour } from './json-schema-engine.js';
import { safetyProblems } from './request-schema.js';

/**
 * Checking a request against its endpoint's `requestSchema` before the scenario runs (README
 * "Request schema and API docs"). One check for the public route and test runs:
 * - the query, always, with values coerced from text, on a copy;
 * - the body when the request has one, or the method is POST, PUT or PATCH (a missing body is
 *   checked as `null`): JSON as parsed; a form or multipart's fields coerced like the query, on
 *   a copy; any other content type is refused, since the schema cannot describe it.
 * The scenario still receives the request as it came.
 */

export interface RequestParts {
  method: string;
  /** `Content-Type` without its parameters, lower-cased. */
  mediaType: string;
  hasBody: boolean;
  body: unknown;
  query: Record<string, unknown>;
}

type Check = (parts: RequestParts) => RequestValidationError[];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What the body parser made of this media type (exchange/body.ts `parseBodyBytes`), for the kinds a schema can check. */
function bodyKind(mediaType: string): SchemaFlavour | 'unsupported' {
  if (mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'))) {
    return 'plain';
  }
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === 'multipart/form-data') return 'coercing';
  return 'unsupported';
}

function pointerSegment(name: unknown): string {
  return `/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function errorsOf(part: 'body' | 'query', validate: ValidateFunction, data: unknown): RequestValidationError[] {
  try {
    if (validate(data)) return [];
  } catch (err) {
    if (!(err instanceof PatternInputTooLong)) throw err;
    return [
      {
        path: `/${part}`,
        message: `holds a string longer than ${PATTERN_MAX_INPUT} characters where the schema tests a pattern (patterns are checked on at most ${PATTERN_MAX_INPUT})`,
      },
    ];
  }
  return (validate.errors ?? []).map((error) => {
    let path = `/${part}${error.instancePath}`;
    // Name the missing or unexpected property itself, so a form can mark its field.
    const params = error.params as Record<string, unknown>;
    const named = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
    if (named !== undefined) path += pointerSegment(named);
    return { path, message: error.message ?? 'is invalid' };
  });
}

/** A compiled schema part, compiled on first use (a JSON-only endpoint never compiles the coercing one). */
function lazily(schema: unknown, flavour: SchemaFlavour): () => ValidateFunction {
  let compiled: ValidateFunction | Error | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        const unsafe = safetyProblems(schema, [], true)[0];
        if (unsafe) throw new Error(`${unsafe.path.join('.') || 'the schema'} ${unsafe.message}`);
        compiled = compileSchema(schema, flavour);
      } catch (err) {
        compiled = err as Error;
      }
    }
    // Saved schemas compiled when they were saved; one that does not now came from elsewhere
    // (an import, an older build): nothing is let through unchecked.
    if (compiled instanceof Error) {
      throw new AppError('internal_error', `This endpoint's request schema cannot be used: ${compiled.message}`);
    }
    return compiled;
  };
}

/** The check of one request schema. */
export function compileRequestCheck(schema: RequestSchema): Check {
  const query = schema.query === undefined ? null : lazily(schema.query, 'coercing');
  const declaresAsync =
    typeof schema.query === 'object' &&
    typeof schema.query.properties === 'object' &&
    schema.query.properties !== null &&
    Object.hasOwn(schema.query.properties, 'async');
  const body =
    schema.body === undefined
      ? null
      : { plain: lazily(schema.body, 'plain'), coercing: lazily(schema.body, 'coercing') };

  return (parts) => {
    const errors: RequestValidationError[] = [];
    if (query) {
      const copy = structuredClone(parts.query);
      // `async` is the platform's own parameter (?async=true): not the scenario's to describe.
      if (!declaresAsync) delete copy.async;
      errors.push(...errorsOf('query', query(), copy));
    }
    if (body && (parts.hasBody || BODY_METHODS.has(parts.method))) {
      const kind = parts.hasBody ? bodyKind(parts.mediaType) : 'plain';
      if (kind === 'unsupported') {
        errors.push({
          path: '/body',
          message: `must be JSON, a form or multipart/form-data (it was sent as ${parts.mediaType || 'no content type'})`,
        });
      } else if (kind === 'plain') {
        errors.push(...errorsOf('body', body.plain(), parts.hasBody ? parts.body : null));
      } else {
        errors.push(...errorsOf('body', body.coercing(), structuredClone(parts.body)));
      }
    }
    return errors;
  };
}

/** The parts of a captured request a schema checks. */
export function requestParts(request: RunRequest, hasBody: boolean): RequestParts {
  return {
    method: request.method,
    mediaType: (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase(),
    hasBody,
    body: request.body,
    query: request.query,
  };
}

export function requestInvalid(errors: RequestValidationError[]): AppError {
  const first = errors[0];
  const message = first
    ? `The request does not match this endpoint's schema: ${first.path} ${first.message}`
    : "The request does not match this endpoint's schema";
  return new AppError('request_invalid', message, { details: { details: { errors } } });
}

const MAX_CACHED = 10_000;

/**
 * Compiled checks by endpoint, made once per settings version. The endpoint cache hands out the
 * same objects between reloads, so the schema object is the first key; after a reload (every
 * second or so) the schema's JSON text tells whether it changed, so nothing is compiled twice.
 */
export function createRequestChecks() {
  const bySchema = new WeakMap<RequestSchema, Check>();
  const byEndpoint = new Map<string, { json: string; check: Check }>();

  return {
    /** The check of this endpoint's schema, or null when it has none. */
    of(endpoint: { id: string; requestSchema?: RequestSchema | null }): Check | null {
      const schema = endpoint.requestSchema;
      if (!schema) return null;
      const hit = bySchema.get(schema);
      if (hit) return hit;
      const json = JSON.stringify(schema);
      let entry = byEndpoint.get(endpoint.id);
      if (entry?.json !== json) {
        if (byEndpoint.size >= MAX_CACHED) byEndpoint.clear();
        entry = { json, check: compileRequestCheck(schema) };
        byEndpoint.set(endpoint.id, entry);
      }
      bySchema.set(schema, entry.check);
      return entry.check;
    },
  };
}

export type RequestChecks = ReturnType<typeof createRequestChecks>;
