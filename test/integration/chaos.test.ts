import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { abortChaos, formatReport, runChaos } from '../../bench/chaos-driver.mjs';

// The short version of `npm run chaos` (bench/chaos-driver.mjs): the built server (server/dist)
// under sync and async load, three kill -9 and one SIGTERM to its process group, restarted on
// the same data each time.

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Past the test's timeout the run would go on in the background: stop it and its servers.
afterAll(() => abortChaos());

describe('a server killed and stopped at random moments under load', () => {
  it('brings every accepted async run to a final state, runs each keyed request once, and leaves nothing behind', async () => {
    const startedAt = Date.now();
    const progress: string[] = [];
    const figures = await runChaos({
      progress: (line) => progress.push(`${((Date.now() - startedAt) / 1000).toFixed(1)} s  ${line}`),
      seconds: 15,
      kills: 3,
      terms: 1,
      clients: 3,
      settleSeconds: 25,
      shutdownGraceMs: 5000,
    });
    const report = `${progress.join('\n')}\n${formatReport(figures)}`;

    expect(figures.stops.map((stop) => stop.type).sort(), report).toEqual([
      'group SIGTERM',
      'kill -9',
      'kill -9',
      'kill -9',
    ]);
    expect(figures.accepted, report).toBeGreaterThan(0);
    expect(figures.lost, report).toEqual([]);
    expect(figures.stuck, report).toEqual([]);
    expect(figures.finished, report).toBe(figures.accepted);
    expect(figures.keys.duplicated, report).toEqual([]);
    expect(figures.notFinalInStore, report).toEqual([]);
    expect(figures.mismatched, report).toBe(0);
    expect(figures.serverPids.filter(groupAlive), 'server process groups still alive').toEqual([]);
    expect(existsSync(figures.dataDir), 'the data directory was removed').toBe(false);
  });
});
