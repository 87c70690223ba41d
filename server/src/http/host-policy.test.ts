import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../core/config.js';
import { allowedHostsOf, hostMatches } from './host-policy.js';

describe('host policy', () => {
  it('matches names with and without ports, wildcard subdomains and bracketed IPv6', () => {
    expect(hostMatches('example.com', 'EXAMPLE.com:8443')).toBe(true);
    expect(hostMatches('example.com:8443', 'example.com:8443')).toBe(true);
    expect(hostMatches('example.com:8443', 'example.com')).toBe(false);
    expect(hostMatches('example.com', 'evil-example.com')).toBe(false);
    expect(hostMatches('example.com', 'example.com.evil.net')).toBe(false);
    expect(hostMatches('*.example.com', 'api.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'api.example.com.evil')).toBe(false);
    expect(hostMatches('[::1]', '[::1]:3000')).toBe(true);
  });

  it('serves loopback names on a loopback listener, any Host when PUBLIC_URL decides the URLs, and ALLOWED_HOSTS when set', () => {
    expect(allowedHostsOf({ HOST: '127.0.0.1', PUBLIC_URL: undefined, ALLOWED_HOSTS: undefined })).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
    ]);
    expect(
      allowedHostsOf({ HOST: '0.0.0.0', PUBLIC_URL: 'https://sg.example.com', ALLOWED_HOSTS: undefined }),
    ).toBeNull();
    expect(allowedHostsOf({ HOST: '0.0.0.0', PUBLIC_URL: undefined, ALLOWED_HOSTS: ['sg.example.com'] })).toEqual([
      'sg.example.com',
    ]);
  });

  it('refuses to start on a public address in production without PUBLIC_URL or ALLOWED_HOSTS, naming both', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrowError(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrowError(/PUBLIC_URL.*ALLOWED_HOSTS/);
    expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://sg.example.com' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0', ALLOWED_HOSTS: 'sg.example.com, *.example.org' }).ALLOWED_HOSTS).toEqual([
      'sg.example.com',
      '*.example.org',
    ]);
    expect(loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'development' }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ ALLOWED_HOSTS: 'http://x.example' })).toThrowError(/ALLOWED_HOSTS/);
  });
});
