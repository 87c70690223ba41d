import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import readme from '../../../../../README.md?raw';
import { CALLBACK_VERIFY_SNIPPET } from './callback-verify';

type Verify = (secret: string, headers: Record<string, string>, rawBody: string) => boolean;

/** The snippet as a receiver would paste it, run here with Node's crypto. */
function loadSnippet(): Verify {
  const body = CALLBACK_VERIFY_SNIPPET.replace(/^import .*$/m, '').replace('export function', 'function');
  return new Function('createHmac', 'timingSafeEqual', 'Buffer', `${body}\nreturn isFromScriptgate;`)(
    createHmac,
    timingSafeEqual,
    Buffer,
  ) as Verify;
}

/** Signed the way SPEC §2 says Scriptgate signs a callback. */
function signed(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-scriptgate-timestamp': String(timestamp), 'x-scriptgate-signature': `sha256=${hex}` };
}

describe('the signature check shown next to the callback secret', () => {
  const verify = loadSnippet();
  const body = '{"processId":"p1","status":"succeeded"}';

  it('accepts a callback signed with the secret', () => {
    expect(verify('s3cret', signed(body, 's3cret'), body)).toBe(true);
  });

  it('refuses another secret, a changed body, a missing signature and an old timestamp', () => {
    expect(verify('s3cret', signed(body, 'other'), body)).toBe(false);
    expect(verify('s3cret', signed(body, 's3cret'), body.replace('succeeded', 'failed'))).toBe(false);
    expect(verify('s3cret', { 'x-scriptgate-timestamp': String(Math.floor(Date.now() / 1000)) }, body)).toBe(false);
    expect(verify('s3cret', signed(body, 's3cret', Math.floor(Date.now() / 1000) - 3600), body)).toBe(false);
  });

  it('is short enough to read at a glance', () => {
    expect(CALLBACK_VERIFY_SNIPPET.trim().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('is the example the README gives', () => {
    expect(readme).toContain(CALLBACK_VERIFY_SNIPPET.trim());
  });
});
