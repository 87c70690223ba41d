import type { RoleDenial } from '@contract';
import i18next from 'i18next';

/**
 * The server speaks English: each error has a stable `code`, a message, and for bad input the
 * field paths with a message each. This turns them into the user's language: in English the
 * server's own (more specific) message, in any other the code's message, followed by the
 * fields it names — field names and the messages the server commonly sends translated, the
 * rest shown as sent. Role denials name both roles in every language.
 */

/** Codes the client produces itself when the server never answered with an error body. */
export const CLIENT_ERROR_CODES = ['network_error', 'server_unavailable', 'invalid_response'] as const;

interface Translated {
  key: string;
  params?: Record<string, unknown>;
}

/** The field messages the server sends most (zod's defaults and the routes' own words). */
const FIELD_MESSAGES: Array<[RegExp, (match: RegExpExecArray) => Translated]> = [
  [/^required$/i, () => ({ key: 'required' })],
  [/^already used$/, () => ({ key: 'alreadyUsed' })],
  [/^at least (\d+) characters?$/, (m) => ({ key: 'minChars', params: { count: Number(m[1]) } })],
  [
    /^String must contain at least (\d+) character\(s\)$/,
    (m) => ({ key: 'minChars', params: { count: Number(m[1]) } }),
  ],
  [/^at most (\d+) characters?$/, (m) => ({ key: 'maxChars', params: { count: Number(m[1]) } })],
  [/^String must contain at most (\d+) character\(s\)$/, (m) => ({ key: 'maxChars', params: { count: Number(m[1]) } })],
  [/^must differ from the current password$/, () => ({ key: 'differentPassword' })],
  [/^must be an http\(s\) URL$/, () => ({ key: 'httpUrl' })],
  [/^must be an ISO-8601 time$/, () => ({ key: 'isoTime' })],
  [
    /^at most (\d+) ms \(the server maximum\)$/,
    (m) => ({ key: 'maxSeconds', params: { seconds: localNumber(Number(m[1]) / 1000) } }),
  ],
  [/^Number must be greater than or equal to (-?[\d.]+)$/, (m) => ({ key: 'minNumber', params: { min: m[1] } })],
  [/^Number must be less than or equal to (-?[\d.]+)$/, (m) => ({ key: 'maxNumber', params: { max: m[1] } })],
  [/^Expected integer, received float$/, () => ({ key: 'wholeNumber' })],
  [/^Expected (\w+), received \w+$/, (m) => ({ key: 'wrongType', params: { expected: m[1] } })],
  [/^Invalid enum value\. Expected (.+), received .+$/, (m) => ({ key: 'oneOf', params: { options: m[1] } })],
  [/^contains an endpoint that does not exist$/, () => ({ key: 'unknownEndpoint' })],
  [/^Invalid email$|^must be an email address$/i, () => ({ key: 'invalidEmail' })],
  [/^lower-case letters, digits, "-" and "_"/, () => ({ key: 'slug' })],
  [/^must be "\*" or an origin/, () => ({ key: 'origin' })],
  [/^choose at least one method$/, () => ({ key: 'oneMethod' })],
  [/^Only an admin may turn the CSP sandbox off/, () => ({ key: 'adminOnlyCsp' })],
  [/^Only an admin may grant secrets/, () => ({ key: 'adminOnlySecrets' })],
  [/^Only an admin may save or restore the scenario/, () => ({ key: 'adminOnlyScenario' })],
];

function localNumber(value: number): string {
  return new Intl.NumberFormat(i18next.language || 'en', { maximumFractionDigits: 3 }).format(value);
}

function has(key: string): boolean {
  return i18next.exists(key);
}

/** A field message from the server in the user's language; the server's words when it is not one we know. */
export function localizeFieldMessage(message: string): string {
  for (const [pattern, translate] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (!match) continue;
    const { key, params } = translate(match);
    if (has(`apiErrors.messages.${key}`)) return i18next.t(`apiErrors.messages.${key}`, params);
  }
  return message;
}

/** `newPassword` → "New password"; `cors.origins.1` → "CORS: origins.1"; unknown paths as sent. */
export function localizeFieldPath(path: string): string {
  const [head = path, ...rest] = path.split('.');
  const key = `apiErrors.fields.${head}`;
  if (!has(key)) return path;
  return rest.length ? `${i18next.t(key)} (${rest.join('.')})` : i18next.t(key);
}

function isRoleDenial(details: unknown): details is RoleDenial {
  const value = details as Partial<RoleDenial> | null | undefined;
  return typeof value?.requiredRole === 'string' && typeof value.role === 'string';
}

export interface ServerErrorParts {
  code: string;
  message: string;
  fields: Record<string, string>;
  details?: unknown;
}

/** The role denial in the user's language, or null when the error is not one. */
export function roleDenialText(error: Pick<ServerErrorParts, 'code' | 'details'>): string | null {
  if (error.code !== 'forbidden' || !isRoleDenial(error.details)) return null;
  const role = (name: string) => (has(`roles.${name}`) ? i18next.t(`roles.${name}`) : name);
  return i18next.t('apiErrors.roleNeeded', {
    required: role(error.details.requiredRole),
    role: role(error.details.role),
  });
}

/** The whole message a user reads for a failed admin API call. */
export function localizeError(error: ServerErrorParts): string {
  const denial = roleDenialText(error);
  if (denial) return denial;
  const english = !i18next.language || i18next.language.startsWith('en');
  const codeKey = `apiErrors.codes.${error.code}`;
  if (english || !has(codeKey)) return error.message || (has(codeKey) ? i18next.t(codeKey) : error.code);
  const lines = Object.entries(error.fields).map(([path, message]) =>
    i18next.t('apiErrors.fieldLine', { field: localizeFieldPath(path), message: localizeFieldMessage(message) }),
  );
  return [i18next.t(codeKey), ...lines].join(' ');
}
