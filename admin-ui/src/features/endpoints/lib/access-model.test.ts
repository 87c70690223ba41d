import type { AccessSettings, Endpoint } from '@contract';
import { describe, expect, it } from 'vitest';
import {
  accessInput,
  accessValuesFrom,
  emptyAccessValues,
  generateSecret,
  looksLikeAddressOrCidr,
  switchJwtKeySource,
  validateAccess,
} from './access-model';
import { emptyEndpointValues, endpointInput, valuesFromEndpoint } from './form-model';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key);
const from = (access: AccessSettings) => accessValuesFrom(access, [], null);

describe('access settings: write-only values', () => {
  it('never sends passwordSet or secretSet, and leaves an untyped password out so the server keeps it', () => {
    const values = from({ type: 'basic', username: 'crm', passwordSet: true });
    expect(values.basicPassword).toBe('');
    expect(values.basicPasswordSet).toBe(true);
    expect(accessInput(values)).toEqual({ type: 'basic', username: 'crm' });
    expect(validateAccess(values, t)).toEqual({});
    expect(accessInput({ ...values, basicPassword: 'n3w pass' })).toEqual({
      type: 'basic',
      username: 'crm',
      password: 'n3w pass',
    });
  });

  it('sends an HMAC secret only when typed, and needs one when none is set', () => {
    const saved = from({ type: 'hmac', preset: 'github', toleranceSeconds: 300, secretSet: true });
    expect(accessInput(saved)).toEqual({ type: 'hmac', preset: 'github', toleranceSeconds: 300 });
    const fresh = { ...emptyAccessValues(), accessType: 'hmac' as const };
    expect(validateAccess(fresh, t)).toEqual({ hmacSecret: 'endpointForm.errors.required' });
    const secret = generateSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(accessInput({ ...fresh, hmacSecret: secret })).toMatchObject({ type: 'hmac', secret });
  });

  it('does not count a secret set for another type: switching to JWT needs its own', () => {
    const wasHmac = from({ type: 'hmac', preset: 'scriptgate', toleranceSeconds: 300, secretSet: true });
    const errors = validateAccess({ ...wasHmac, accessType: 'jwt' }, t);
    expect(errors.jwtSecret).toBe('endpointForm.errors.required');
  });

  it('round-trips a JWT endpoint verified by a JWKS URL and clears the other key sources', () => {
    const access: AccessSettings = {
      type: 'jwt',
      algorithms: ['RS256', 'ES256'],
      secretSet: false,
      publicKey: null,
      jwksUrl: 'https://id.example/.well-known/jwks.json',
      issuer: 'https://id.example/',
      audience: null,
      clockSkewSeconds: 30,
    };
    const values = from(access);
    expect(values.jwtKeySource).toBe('jwksUrl');
    const { secretSet: _secretSet, ...input } = access;
    expect(accessInput(values)).toEqual(input);
  });

  it('keeps one algorithm family per key source, so HS* never meets a public key', () => {
    const values = { ...emptyAccessValues(), accessType: 'jwt' as const, jwtAlgorithms: ['HS256' as const] };
    expect(switchJwtKeySource(values, 'publicKey')).toEqual({ jwtKeySource: 'publicKey', jwtAlgorithms: ['RS256'] });
    const mixed = {
      ...values,
      jwtKeySource: 'publicKey' as const,
      jwtAlgorithms: ['HS256' as const, 'ES256' as const],
    };
    expect(
      accessInput({ ...mixed, jwtPublicKey: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' }),
    ).toMatchObject({ algorithms: ['ES256'], publicKey: expect.stringContaining('BEGIN PUBLIC KEY'), jwksUrl: null });
    expect(validateAccess({ ...mixed, jwtPublicKey: 'not a key' }, t).jwtPublicKey).toBe('access.errors.pem');
  });
});

describe('IP allowlist and rate limit', () => {
  it('accepts IPv4 and IPv6 addresses and CIDRs, and names the first line that is neither', () => {
    for (const entry of ['203.0.113.7', '198.51.100.0/24', '::1', '2001:db8::/32', '::ffff:192.0.2.1', '0.0.0.0/0']) {
      expect([entry, looksLikeAddressOrCidr(entry)]).toEqual([entry, true]);
    }
    for (const entry of ['example.com', '10.0.0.0/33', '256.1.1.1', '2001:db8::/129', '1.2.3.4/8/8', '1.2.3']) {
      expect([entry, looksLikeAddressOrCidr(entry)]).toEqual([entry, false]);
    }
    const errors = validateAccess({ ...emptyAccessValues(), ipAllowlist: '10.0.0.0/8\nintranet\n::1' }, t);
    expect(errors.ipAllowlist).toBe('access.errors.address {"entry":"intranet"}');
  });

  it('sends the allowlist as a list and the rate limit only when on', () => {
    const values = {
      ...emptyEndpointValues(),
      slug: 'hook',
      ipAllowlist: ' 10.0.0.0/8 \n\n2001:db8::1',
      rateLimitOn: true,
      rateRequests: '100',
      rateWindowSeconds: '60',
      rateBy: 'principal' as const,
    };
    expect(endpointInput(values)).toMatchObject({
      access: { type: 'public' },
      ipAllowlist: ['10.0.0.0/8', '2001:db8::1'],
      rateLimit: { requests: 100, windowSeconds: 60, by: 'principal', window: 'sliding' },
    });
    expect(endpointInput({ ...values, rateLimitOn: false }).rateLimit).toBeNull();
    expect(validateAccess({ ...values, rateRequests: '0' }, t).rateRequests).toBe('access.errors.positive');
  });

  it('reads an endpoint saved before access control existed as public, open and unlimited', () => {
    const legacy = { ...({} as Endpoint), access: { type: 'public' } } as unknown as Endpoint;
    const values = valuesFromEndpoint({
      ...legacy,
      slug: 'old',
      name: '',
      description: '',
      methods: ['GET'],
      cors: { origins: [], credentials: false, headers: [], maxAgeSeconds: null },
      timeoutMs: null,
      bodyLimitBytes: null,
      asyncResponse: null,
      callbackUrl: null,
    });
    expect(values).toMatchObject({ accessType: 'public', ipAllowlist: '', rateLimitOn: false });
  });
});
