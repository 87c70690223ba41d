import { describe, expect, it } from 'vitest';
import { allowlistEntryProblem, compileAllowlist } from './ip-allowlist.js';

describe('IP allowlists', () => {
  it('matches IPv4 and IPv6 addresses and ranges, including IPv4-mapped IPv6 spellings', () => {
    const list = compileAllowlist(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1']);
    expect(list.allows('10.200.3.4')).toBe(true);
    expect(list.allows('::ffff:10.200.3.4')).toBe(true);
    expect(list.allows('192.168.1.7')).toBe(true);
    expect(list.allows('192.168.1.8')).toBe(false);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(list.allows('2001:db8:1::5')).toBe(true);
    expect(list.allows('2001:db9::5')).toBe(false);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('not-an-ip')).toBe(false);
    expect(list.allows('')).toBe(false);
  });

  it('allows everyone when the list is empty', () => {
    expect(compileAllowlist([]).allows('203.0.113.1')).toBe(true);
  });

  it('explains entries that are not addresses or ranges', () => {
    expect(allowlistEntryProblem('10.0.0.0/8')).toBeNull();
    expect(allowlistEntryProblem('::/0')).toBeNull();
    expect(allowlistEntryProblem('10.0.0.0/33')).toMatch(/0–32/);
    expect(allowlistEntryProblem('2001:db8::/129')).toMatch(/0–128/);
    expect(allowlistEntryProblem('10.0.0.0/8/1')).not.toBeNull();
    expect(allowlistEntryProblem('example.com')).not.toBeNull();
    expect(allowlistEntryProblem('10.0.0.256')).not.toBeNull();
    expect(allowlistEntryProblem('10.0.0.0/x')).not.toBeNull();
  });
});
