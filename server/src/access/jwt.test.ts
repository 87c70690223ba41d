import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtVerifiers, jwtSettingsProblem, publicKeyProblem, type JwtSettings } from './jwt.js';

const base: JwtSettings = {
  algorithms: ['HS256'],
  secret: 'k'.repeat(32),
  publicKey: null,
  jwksUrl: null,
  issuer: null,
  audience: null,
  clockSkewSeconds: 0,
};

describe('JWT verification', () => {
  it('refuses alg none, another algorithm, a bad signature and an expired token; accepts within the clock skew', async () => {
    const verifiers = createJwtVerifiers();
    const key = new TextEncoder().encode(base.secret!);
    const good = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1m').sign(key);
    expect((await verifiers.verify(good, base)).ok).toBe(true);
    const [header, payload] = good.split('.');
    expect(
      (await verifiers.verify(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, base)).ok,
    ).toBe(false);
    expect((await verifiers.verify(`${header}.${payload}.AAAA`, base)).ok).toBe(false);
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).sign(key);
    expect((await verifiers.verify(hs512, base)).ok).toBe(false);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 20)
      .sign(key);
    expect((await verifiers.verify(expired, base)).ok).toBe(false);
    expect((await verifiers.verify(expired, { ...base, clockSkewSeconds: 60 })).ok).toBe(true);
    expect((await verifiers.verify('not.a.jwt', base)).ok).toBe(false);
  });

  it('keeps each algorithm family to its own key material', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(jwtSettingsProblem({ algorithms: ['HS256'], publicKey: null, jwksUrl: null, hasSecret: true })).toBeNull();
    expect(jwtSettingsProblem({ algorithms: ['HS256'], publicKey: pem, jwksUrl: null, hasSecret: true })?.field).toBe(
      'publicKey',
    );
    expect(
      jwtSettingsProblem({ algorithms: ['HS256', 'RS256'], publicKey: pem, jwksUrl: null, hasSecret: true })?.field,
    ).toBe('algorithms');
    expect(jwtSettingsProblem({ algorithms: ['RS256'], publicKey: pem, jwksUrl: null, hasSecret: false })).toBeNull();
    expect(
      jwtSettingsProblem({ algorithms: ['RS256'], publicKey: pem, jwksUrl: 'https://x', hasSecret: false })?.field,
    ).toBe('publicKey');
    expect(jwtSettingsProblem({ algorithms: ['RS256'], publicKey: pem, jwksUrl: null, hasSecret: true })?.field).toBe(
      'secret',
    );
    expect(await publicKeyProblem(pem, ['RS256', 'PS256'])).toBeNull();
    expect(await publicKeyProblem(pem, ['ES256'])).toMatch(/ES256/);
    expect(
      await publicKeyProblem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', ['RS256']),
    ).not.toBeNull();
  });
});
