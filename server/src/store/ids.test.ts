import { describe, expect, it } from 'vitest';
import { newId, randomToken } from './ids.js';

describe('ids and tokens', () => {
  it('gives tokens that never repeat and use the whole byte range, across many pool refills', () => {
    const tokens = Array.from({ length: 20_000 }, () => randomToken(24));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.every((token) => /^[A-Za-z0-9_-]{32}$/.test(token))).toBe(true);
    // Each byte value turns up: nothing is left zeroed or reused from the pool.
    const seen = new Set<number>();
    for (const token of tokens.slice(0, 200)) for (const byte of Buffer.from(token, 'base64url')) seen.add(byte);
    expect(seen.size).toBe(256);
    expect(Buffer.from(randomToken(32), 'base64url')).toHaveLength(32);
  });

  it('refuses more random bytes than the pool holds at once', () => {
    expect(() => randomToken(5_000)).toThrow(RangeError);
  });

  it('orders ids by time, and ids of the same millisecond by creation', () => {
    const ids = [newId(1_000), newId(1_000), newId(1_000), newId(2_000), newId(2_000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
  });
});
