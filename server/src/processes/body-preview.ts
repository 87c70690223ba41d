import { BODY_PREVIEW_LENGTH } from '../contract/index.js';

/** More than the preview ever shows: a 1 MB body is never flattened whole for 120 characters. */
const READ_AHEAD = BODY_PREVIEW_LENGTH * 4;

/**
 * One line that lets an admin tell submissions apart in the list: a form's fields as
 * `name: Jane · email: jane@example.com`, any other value as compact JSON, text as it is —
 * whitespace and control characters folded to single spaces, cut with an ellipsis. It is made
 * from the recorded body, which secrets have already been masked in, so it shows nothing
 * the process page would not.
 */
export function bodyPreview(body: unknown): string | null {
  if (body === null || body === undefined) return null;
  const text = oneLine(flatten(body));
  if (text === '') return null;
  return text.length > BODY_PREVIEW_LENGTH ? `${text.slice(0, BODY_PREVIEW_LENGTH - 1).trimEnd()}…` : text;
}

function flatten(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, READ_AHEAD);
  if (isPlainObject(body)) {
    const parts: string[] = [];
    let length = 0;
    for (const [key, value] of Object.entries(body)) {
      if (length > READ_AHEAD) break;
      const shown = typeof value === 'string' ? value.slice(0, READ_AHEAD) : compactJson(value);
      parts.push(`${key}: ${shown}`);
      length += key.length + shown.length + 3;
    }
    return parts.join(' · ');
  }
  return compactJson(body);
}

function compactJson(value: unknown): string {
  return (JSON.stringify(value) ?? '').slice(0, READ_AHEAD);
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is folded
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
