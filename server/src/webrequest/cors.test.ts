import { describe, expect, it } from 'vitest';
import { allowedOrigin } from './cors.js';

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
