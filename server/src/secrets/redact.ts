/**
 * Replaces secret values, and the forms a scenario or a client would encode them in, with
 * `[secret]` in what is recorded or sent to someone who must not read them: process records
 * (request, response, logs, error), live log events and the error messages of the public route.
 *
 * Built once per change of the secrets (see `cache.ts`): every form of every value goes into
 * one regular expression, so redacting a text is one linear scan however many secrets there
 * are, and a server without secrets does no work at all (`active` is false).
 */

export const SECRET_MASK = '[secret]';
/** Shorter values would mask ordinary words and numbers, so they are left alone (documented). */
export const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  /** False when there is nothing to redact: callers skip the work entirely. */
  readonly active: boolean;
  /** Longest text that can be replaced: what to keep past a cut so a secret on the edge is caught. */
  readonly maxMatchLength: number;
  text(value: string): string;
  /** A JSON-like value: strings and keys, recursively; the same object back when nothing matched. */
  value<T>(value: T): T;
  /** Bytes (a binary body), matched byte for byte against the UTF-8 forms of every value. */
  bytes(value: Buffer): Buffer;
}

export const NO_REDACTION: Redactor = {
  active: false,
  maxMatchLength: 0,
  text: (value) => value,
  value: (value) => value,
  bytes: (value) => value,
};

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The base64 characters that depend only on the value's own bytes when they start `offset`
 * bytes (0, 1 or 2) into a 3-byte group of a longer encoded stream: wherever the value sits in
 * that stream, its encoding contains exactly this run for one of the three offsets.
 */
export function base64Core(bytes: Uint8Array, offset: number): string {
  const startBit = offset * 8;
  const endBit = startBit + bytes.length * 8;
  const bitAt = (bit: number) => {
    const byte = bytes[(bit - startBit) >> 3]!;
    return (byte >> (7 - ((bit - startBit) & 7))) & 1;
  };
  let out = '';
  // Characters whose 6 bits all lie inside the value.
  for (let first = Math.ceil(startBit / 6) * 6; first + 6 <= endBit; first += 6) {
    let index = 0;
    for (let bit = first; bit < first + 6; bit += 1) index = (index << 1) | bitAt(bit);
    out += BASE64_CHARS[index];
  }
  return out;
}

const toUrlSafe = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_');
const FORM_SAFE = /[^A-Za-z0-9*\-._ ]/gu;

/** Every text form of `value` worth masking, `value` itself first. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value]);
  // JSON: as JSON.stringify writes it, with "\/" as some encoders do, and ASCII-only (\uXXXX).
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  forms.add(json.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
  // URLs and forms: encodeURIComponent, with "+" for spaces, the stricter RFC 3986 set, the
  // WHATWG form encoding (URLSearchParams), and lower-case hex digits in every one of them.
  const uri = safeEncodeUri(value);
  if (uri !== null) {
    const strict = uri.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
    const form = value.replace(FORM_SAFE, percentEncode).replace(/ /g, '+');
    for (const encoded of [uri, uri.replace(/%20/g, '+'), strict, form]) {
      forms.add(encoded);
      forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    }
  }
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  // base64, whole (padded and not) and at each of the 3 byte offsets a value can have inside a
  // longer encoded text (`user:secret` in a Basic header, a secret in a JSON blob that was btoa'd).
  const whole = bytes.toString('base64');
  forms.add(whole);
  forms.add(toUrlSafe(whole).replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset += 1) {
    const core = base64Core(bytes, offset);
    forms.add(core);
    forms.add(toUrlSafe(core));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function percentEncode(ch: string): string {
  let out = '';
  for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** encodeURIComponent throws on lone surrogates: such a value has no URL form. */
function safeEncodeUri(value: string): string | null {
  try {
    return encodeURIComponent(value);
  } catch {
    return null;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation, longest first, so a value that contains another is masked whole. */
function patternOf(needles: Iterable<string>): { pattern: RegExp; maxLength: number } | null {
  const sorted = [...new Set(needles)].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return null;
  return { pattern: new RegExp(sorted.map(escapeRegExp).join('|'), 'g'), maxLength: sorted[0]!.length };
}

export function createRedactor(values: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodedForms(value)) needles.add(form);
  }
  const text = patternOf(needles);
  if (!text) return NO_REDACTION;
  // Bytes are matched through their latin1 view (one char per byte): the UTF-8 bytes of a
  // non-ASCII needle read as latin1 differ from the needle, ASCII ones are the same.
  const latin1 = [...needles].map((needle) => Buffer.from(needle, 'utf8').toString('latin1'));
  const asciiOnly = [...needles].every((needle) => Buffer.byteLength(needle, 'utf8') === needle.length);
  const bytes = asciiOnly ? text : patternOf(latin1)!;

  const redactText = (value: string): string => {
    text.pattern.lastIndex = 0;
    return text.pattern.test(value) ? value.replace(text.pattern, SECRET_MASK) : value;
  };

  function redactTree(value: unknown): unknown {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(redactTree);
    // fromEntries defines own properties, so a `__proto__` key stays plain data.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key), redactTree(item)]));
  }

  return {
    active: true,
    maxMatchLength: Math.max(text.maxLength, bytes.maxLength),
    text: redactText,
    value<T>(value: T): T {
      if (typeof value === 'string') return redactText(value) as T;
      if (value === null || typeof value !== 'object') return value;
      // One scan of the serialized value finds out whether anything needs replacing: the JSON
      // forms of every value are among the needles. Most values hold no secret and stay as is.
      let serialized: string | undefined;
      try {
        serialized = JSON.stringify(value);
      } catch {
        serialized = undefined;
      }
      if (serialized === undefined) return value;
      text.pattern.lastIndex = 0;
      if (!text.pattern.test(serialized)) return value;
      try {
        return redactTree(value) as T;
      } catch {
        // Too deep to walk: the redacted text is kept instead of the structure.
        return redactText(serialized) as T;
      }
    },
    bytes(value: Buffer): Buffer {
      const view = value.toString('latin1');
      bytes.pattern.lastIndex = 0;
      if (!bytes.pattern.test(view)) return value;
      return Buffer.from(view.replace(bytes.pattern, SECRET_MASK), 'latin1');
    },
  };
}
