import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import qs from 'qs';
import type { RunFile } from '@scriptgate/runner';
import { AppError } from '../core/app-error.js';

export interface BodyLimits {
  /** JSON, form, text and raw bodies. */
  bodyBytes: number;
  /** multipart/form-data with files, in total. */
  multipartBytes: number;
}

export interface ParsedBody {
  /** Parsed by media type (README "The scenario API", `request.body`); `null` when the request has no body. */
  body: unknown;
  /** The body as text (UTF-8); for binary or multipart bodies, an empty string. */
  rawBody: string;
  files: RunFile[];
  /** Bytes received. */
  size: number;
}

/** Same options everywhere a form or query string is parsed: bounded, no prototype keys. */
export const QS_OPTIONS = {
  depth: 10,
  arrayLimit: 100,
  parameterLimit: 1000,
  allowPrototypes: false,
  plainObjects: true,
} as const;

const EMPTY: ParsedBody = { body: null, rawBody: '', files: [], size: 0 };

/** `Content-Type` without its parameters, lower-cased. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than the limit of ${limit} bytes`, {
    headers: { Connection: 'close' },
  });
}

function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new AppError('invalid_body', `The request body could not be read: ${err.message}`));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. Deeper documents parse, but
 * then overflow the stack of whatever walks them next (recording, redaction, the sandbox's
 * copy) — refused up front instead, the way System.Text.Json and ASP.NET cap depth at 64.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws `invalid_body` when JSON text nests deeper than MAX_JSON_DEPTH. Scans the bytes
 * (UTF-8 continuation bytes never equal an ASCII bracket or quote), outside strings only.
 */
export function assertJsonDepth(raw: Uint8Array): void {
  if (raw.length <= MAX_JSON_DEPTH * 2) return;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new AppError('invalid_body', `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`);
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid_body', `Malformed JSON body: ${(err as Error).message}`);
  }
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads and parses the request body; throws `invalid_body` or `payload_too_large`. */
export async function readBody(
  req: IncomingMessage,
  limits: BodyLimits,
  options: {
    /**
     * Sees the raw bytes before anything is parsed, and may refuse them by throwing (an HMAC
     * endpoint verifies its signature here). The whole body is then read first, under the
     * same limits, even when it is multipart.
     */
    checkRaw?: (raw: Buffer) => void;
  } = {},
): Promise<ParsedBody> {
  const type = mediaTypeOf(req.headers['content-type']);
  if (options.checkRaw) {
    const raw = hasBody(req)
      ? await readRaw(req, type === 'multipart/form-data' ? limits.multipartBytes : limits.bodyBytes)
      : Buffer.alloc(0);
    options.checkRaw(raw);
    if (raw.length === 0) return EMPTY;
    if (type === 'multipart/form-data') return readMultipart(req, limits, Readable.from([raw]));
    return parseBodyBytes(type, raw);
  }
  if (!hasBody(req)) return EMPTY;
  if (type === 'multipart/form-data') return readMultipart(req, limits, req);
  return parseBodyBytes(type, await readRaw(req, limits.bodyBytes));
}

/**
 * A non-multipart body as the scenario sees it, by media type. Shared by the public route
 * and admin test runs, so a draft sees what a real request would.
 */
export function parseBodyBytes(type: string, raw: Buffer): ParsedBody {
  if (raw.length === 0) return EMPTY;
  if (isJsonType(type)) {
    assertJsonDepth(raw);
    const text = raw.toString('utf8');
    return { body: parseJson(text), rawBody: text, files: [], size: raw.length };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const text = raw.toString('utf8');
    return { body: qs.parse(text, QS_OPTIONS), rawBody: text, files: [], size: raw.length };
  }
  if (type.startsWith('text/') || type === 'application/xml' || type === 'application/javascript') {
    const text = raw.toString('utf8');
    return { body: text, rawBody: text, files: [], size: raw.length };
  }
  // Anything else is bytes: the scenario gets them base64-encoded.
  return { body: raw.toString('base64'), rawBody: '', files: [], size: raw.length };
}

/** Parses multipart from `source`: the request itself, or its bytes already read (and checked). */
function readMultipart(req: IncomingMessage, limits: BodyLimits, source: Readable): Promise<ParsedBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.multipartBytes) {
    return Promise.reject(tooLarge(limits.multipartBytes));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limits.multipartBytes, fieldSize: limits.bodyBytes, files: 20, fields: 1000, parts: 1100 },
      });
    } catch (err) {
      reject(new AppError('invalid_body', `Malformed multipart body: ${(err as Error).message}`));
      return;
    }
    const fieldPairs: string[] = [];
    const files: RunFile[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.resume();
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(limits.bodyBytes));
      total += name.length + value.length;
      if (total > limits.multipartBytes) return fail(tooLarge(limits.multipartBytes));
      fieldPairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        total += chunk.length;
        if (total > limits.multipartBytes) {
          stream.resume();
          fail(tooLarge(limits.multipartBytes));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits.multipartBytes)));
      stream.on('end', () => {
        if (failed) return;
        files.push({
          field,
          name: info.filename ?? '',
          contentType: info.mimeType || 'application/octet-stream',
          size,
          dataBase64: Buffer.concat(chunks, size).toString('base64'),
        });
      });
    });
    parser.on('filesLimit', () => fail(new AppError('payload_too_large', 'Too many files in the request')));
    parser.on('fieldsLimit', () => fail(new AppError('payload_too_large', 'Too many fields in the request')));
    parser.on('error', (err: Error) => fail(new AppError('invalid_body', `Malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      if (failed) return;
      resolve({ body: qs.parse(fieldPairs.join('&'), QS_OPTIONS), rawBody: '', files, size: total });
    });
    source.pipe(parser);
  });
}
