import { describe, expect, it } from 'vitest';
import { Quarantine } from './quarantine.js';

const options = { durationMs: 1_000, releaseAfterCleanRuns: 3 };

describe('quarantine rules', () => {
  it('quarantines only the named culprit, for the configured time', () => {
    const quarantine = new Quarantine(options);
    quarantine.blame('a', 0);
    expect([quarantine.has('a', 999), quarantine.has('b', 0), quarantine.has('a', 1_000)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(quarantine.count(1_000)).toBe(0);
  });

  it('makes every scenario of an unnamed crash a suspect, and releases the others when one is named', () => {
    const quarantine = new Quarantine(options);
    quarantine.suspect(['a', 'b', 'c'], 0);
    quarantine.suspect(['d', 'e'], 0);
    expect(quarantine.count(0)).toBe(5);
    expect(quarantine.blame('b', 10).sort()).toEqual(['a', 'c']);
    expect([quarantine.has('b', 10), quarantine.has('d', 10), quarantine.count(10)]).toEqual([true, true, 3]);
  });

  it('blames the only scenario of an unnamed crash at once', () => {
    const quarantine = new Quarantine(options);
    quarantine.suspect(['a'], 0);
    expect(quarantine.cleanRun('a')).toBe(false);
  });

  it('releases a suspect after clean runs alone, never a named culprit', () => {
    const quarantine = new Quarantine(options);
    quarantine.suspect(['a', 'b'], 0);
    quarantine.blame('c', 0);
    expect([quarantine.cleanRun('a'), quarantine.cleanRun('a'), quarantine.cleanRun('a')]).toEqual([
      false,
      false,
      true,
    ]);
    for (let i = 0; i < 5; i++) expect(quarantine.cleanRun('c')).toBe(false);
    expect([quarantine.has('a', 1), quarantine.has('b', 1), quarantine.has('c', 1)]).toEqual([false, true, true]);
  });

  it('spaces out the isolation workers of a scenario that keeps crashing them', () => {
    const quarantine = new Quarantine(options);
    quarantine.blame('a', 0);
    const pauses = Array.from({ length: 8 }, () => quarantine.crashed('a', 0));
    expect(pauses[0]).toBe(100);
    expect(pauses[1]).toBe(200);
    expect(Math.max(...pauses)).toBe(5_000);
  });
});
