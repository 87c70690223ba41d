import { describe, expect, it } from 'vitest';
import { allowedOrigin, originRefused } from './cors.js';

const base = { credentials: false, headers: [], maxAgeSeconds: null };

describe('CORS origin decision', () => {
  it('answers an exact listed origin and nothing for others', () => {
    const cors = { ...base, origins: ['https://a.example'] };
    expect(allowedOrigin(cors, 'https://a.example')).toBe('https://a.example');
    expect(allowedOrigin(cors, 'https://b.example')).toBeNull();
    expect(allowedOrigin(cors, undefined)).toBeNull();
  });

  it('answers "*" for any origin when credentials are off', () => {
    expect(allowedOrigin({ ...base, origins: ['*'] }, 'https://any.example')).toBe('*');
  });

  it('never reflects an arbitrary origin when credentials are on', () => {
    const cors = { ...base, credentials: true, origins: ['*', 'https://a.example'] };
    expect(allowedOrigin(cors, 'https://evil.example')).toBeNull();
    expect(allowedOrigin(cors, 'https://a.example')).toBe('https://a.example');
  });

  it('sends no CORS headers when no origins are configured', () => {
    expect(allowedOrigin({ ...base, origins: [] }, 'https://a.example')).toBeNull();
  });
});

describe('refusing a call from an origin the endpoint does not list', () => {
  const listed = { ...base, origins: ['https://shop.example'] };
  const own = ['https://gate.example'];

  it('refuses a browser call from an origin not in the list', () => {
    expect(originRefused(listed, 'https://evil.example', own)).toBe(true);
    expect(originRefused(listed, 'null', own)).toBe(true);
  });

  it('lets a listed origin through', () => {
    expect(originRefused(listed, 'https://shop.example', own)).toBe(false);
  });

  it('never refuses a call without an Origin (server-to-server callers)', () => {
    expect(originRefused(listed, undefined, own)).toBe(false);
  });

  it('never refuses when the endpoint lists no origins', () => {
    expect(originRefused({ ...base, origins: [] }, 'https://evil.example', own)).toBe(false);
  });

  it('lets every origin through "*" without credentials', () => {
    expect(originRefused({ ...base, origins: ['*'] }, 'https://any.example', own)).toBe(false);
  });

  it('refuses an unlisted origin when credentials are on, even beside "*"', () => {
    const cors = { ...base, credentials: true, origins: ['*', 'https://shop.example'] };
    expect(originRefused(cors, 'https://evil.example', own)).toBe(true);
  });

  it('does not refuse when the endpoint turns enforcement off', () => {
    expect(originRefused({ ...listed, enforce: false }, 'https://evil.example', own)).toBe(false);
  });

  it('enforces on endpoints saved before the setting existed', () => {
    expect(originRefused({ ...listed, enforce: undefined }, 'https://evil.example', own)).toBe(true);
    expect(originRefused({ ...listed, enforce: true }, 'https://evil.example', own)).toBe(true);
  });

  it('lets the server’s own origin through (the API reference’s “Try it out”)', () => {
    expect(originRefused(listed, 'https://gate.example', own)).toBe(false);
  });
});
