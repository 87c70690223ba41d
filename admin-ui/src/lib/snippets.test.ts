import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { HmacPreset } from '@contract';
import { describe, expect, it } from 'vitest';
import { can } from './permissions';
import { PLACEHOLDERS, curlSnippet, fetchSnippet, publicUrl, shellQuote } from './snippets';

describe('call snippets', () => {
  const url = publicUrl('https://sg.example/', 'contact-form');

  it('builds the public URL from the origin and slug', () => {
    expect(url).toBe('https://sg.example/api/webrequest/contact-form');
  });

  it('writes a curl call that survives quotes in the body', () => {
    const curl = curlSnippet({ url, methods: ['POST'], body: { note: "it's" } });
    expect(curl).toContain("curl -i -X POST 'https://sg.example/api/webrequest/contact-form'");
    expect(curl).toContain(shellQuote(JSON.stringify({ note: "it's" })));
    expect(curlSnippet({ url, methods: ['GET'], async: true })).toBe(`curl -i '${url}?async=true'`);
  });

  it('writes a fetch call with credentials when CORS allows them', () => {
    const code = fetchSnippet({ url, methods: ['PUT', 'POST'], credentials: true });
    expect(code).toContain('method: "POST"');
    expect(code).toContain("credentials: 'include'");
  });
});

describe('call snippets with the endpoint’s access', () => {
  const url = publicUrl('https://sg.example', 'orders');

  it('sends Basic credentials with the username and a password placeholder', () => {
    const curl = curlSnippet({ url, methods: ['POST'], auth: { type: 'basic', username: "o'brien" } });
    expect(curl).toContain(`-u ${shellQuote(`o'brien:${PLACEHOLDERS.password}`)}`);
    const code = fetchSnippet({ url, methods: ['GET'], auth: { type: 'basic', username: 'crm' } });
    expect(code).toContain(`Authorization: 'Basic ' + btoa("crm:${PLACEHOLDERS.password}")`);
  });

  it('sends an API key as a bearer token: the real one when given, else a placeholder', () => {
    expect(curlSnippet({ url, methods: ['GET'], auth: { type: 'apiKey' } })).toBe(
      `curl -i '${url}' \\\n  -H 'Authorization: Bearer ${PLACEHOLDERS.apiKey}'`,
    );
    const key = 'sgk_abc123_secretpart';
    expect(curlSnippet({ url, methods: ['POST'], auth: { type: 'apiKey' }, apiKey: key })).toContain(
      `-H 'Authorization: Bearer ${key}'`,
    );
    expect(fetchSnippet({ url, methods: ['POST'], auth: { type: 'apiKey' }, apiKey: key })).toContain(
      `Authorization: "Bearer ${key}"`,
    );
  });

  it('sends a JWT as a bearer token', () => {
    expect(curlSnippet({ url, methods: ['DELETE'], auth: { type: 'jwt' } })).toBe(
      `curl -i -X DELETE '${url}' \\\n  -H 'Authorization: Bearer ${PLACEHOLDERS.jwt}'`,
    );
  });

  it('signs in Node.js for HMAC, never with the secret written into the page', () => {
    const code = fetchSnippet({ url, methods: ['POST'], auth: { type: 'hmac', preset: 'stripe' } });
    expect(code).toContain("import { createHmac } from 'node:crypto';");
    expect(code).toContain('process.env.SCRIPTGATE_SECRET');
    expect(code).toContain("'Stripe-Signature': `t=${timestamp},v1=${signature}`");
    expect(code).toContain('update(`${timestamp}.${body}`)');
  });
});

/**
 * The HMAC curl snippets compute the signature in the shell: run them in bash (curl replaced by a
 * function that prints its arguments) and check the headers against the SPEC's formula.
 */
const shellTools = ['/usr/bin/bash', '/usr/bin/openssl'].every((path) => existsSync(path)) || process.env.CI === 'true';
if (!shellTools) console.log('snippets: HMAC shell check skipped — bash or openssl is missing');

describe.skipIf(!shellTools)('HMAC curl snippets, run in bash', () => {
  const secret = "s3cr3t with 'quotes' and $dollar";
  const body = { email: 'jane@example.com', note: 'it\'s $HOME and "quoted"' };

  function runSnippet(preset: HmacPreset, methods: Array<'POST' | 'GET'>) {
    const snippet = curlSnippet({
      url: 'https://sg.example/api/webrequest/hook',
      methods,
      body,
      auth: { type: 'hmac', preset },
    });
    const script = `curl() { printf '%s\\n' "$@"; }\n${snippet.replace(shellQuote(PLACEHOLDERS.secret), shellQuote(secret))}`;
    const args = execFileSync('/usr/bin/bash', ['-c', script], { encoding: 'utf8' }).split('\n');
    const headers = new Map<string, string>();
    args.forEach((arg, index) => {
      if (args[index - 1] !== '-H') return;
      const [name, value] = arg.split(/: (.*)/s) as [string, string];
      headers.set(name.toLowerCase(), value);
    });
    // No --data-binary: an empty body was signed.
    const sent = args.includes('--data-binary') ? (args[args.indexOf('--data-binary') + 1] ?? '') : '';
    return { headers, sent };
  }
  const hmac = (text: string) => createHmac('sha256', secret).update(text).digest('hex');

  it('signs "<timestamp>.<body>" for the scriptgate preset and sends that very body', () => {
    const { headers, sent } = runSnippet('scriptgate', ['POST']);
    expect(sent).toBe(JSON.stringify(body));
    const ts = headers.get('x-scriptgate-timestamp')!;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers.get('x-scriptgate-signature')).toBe(`sha256=${hmac(`${ts}.${sent}`)}`);
  });

  it('signs the raw body for the github preset', () => {
    const { headers, sent } = runSnippet('github', ['POST']);
    expect(headers.get('x-hub-signature-256')).toBe(`sha256=${hmac(sent)}`);
  });

  it('signs "<t>.<body>" into Stripe-Signature, also for a call without a body', () => {
    for (const methods of [['POST'], ['GET']] as const) {
      const { headers, sent } = runSnippet('stripe', [...methods]);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(headers.get('stripe-signature')!)!;
      expect(v1).toBe(hmac(`${t}.${sent}`));
    }
  });
});

describe('roles', () => {
  it('lets editors write endpoints but not manage users, and viewers write nothing', () => {
    expect(can('editor', 'endpoints.write')).toBe(true);
    expect(can('editor', 'users.manage')).toBe(false);
    expect(can('viewer', 'scenario.write')).toBe(false);
    expect(can('admin', 'tokens.manage')).toBe(true);
    expect(can(null, 'process.rerun')).toBe(false);
  });
});
