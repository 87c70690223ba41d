/**
 * What a receiver runs to check a Scriptgate callback or failure webhook (SPEC §2 "Callbacks"):
 * HMAC-SHA256 of "<X-Scriptgate-Timestamp>.<raw body>" with the endpoint's callback secret,
 * compared in constant time, with stale timestamps refused so a captured call cannot be replayed.
 * The same code as the README's "Callbacks, mail and failure alerts"; its test runs it against a
 * signature made by the scheme.
 */
export const CALLBACK_VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

export function isFromScriptgate(secret, headers, rawBody, toleranceSeconds = 300) {
  const ts = headers['x-scriptgate-timestamp'];
  const given = String(headers['x-scriptgate-signature'] ?? '').replace(/^sha256=/, '');
  if (!/^\\d+$/.test(ts ?? '') || Math.abs(Date.now() / 1000 - Number(ts)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(\`\${ts}.\${rawBody}\`).digest();
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
`;
