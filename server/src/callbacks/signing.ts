import { signatureHeaders } from '../access/hmac.js';

/**
 * Headers of a signed POST from Scriptgate (callbacks and failure webhooks): the `scriptgate`
 * HMAC scheme — `X-Scriptgate-Timestamp: <unix s>` and `X-Scriptgate-Signature:
 * sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. A Scriptgate endpoint with
 * `access: { type: 'hmac', preset: 'scriptgate' }` verifies exactly this.
 */
export function signedHeaders(
  secret: string,
  body: string,
  processId: string | null,
  nowSeconds = Math.floor(Date.now() / 1000),
) {
  return {
    'content-type': 'application/json',
    'user-agent': 'Scriptgate',
    ...(processId ? { 'x-scriptgate-process-id': processId } : {}),
    ...signatureHeaders('scriptgate', secret, body, nowSeconds),
  };
}
