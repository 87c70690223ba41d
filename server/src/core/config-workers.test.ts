import type * as os from 'node:os';
import { describe, expect, it, vi } from 'vitest';

// The default is worked out from the machine's cores when the configuration module loads.
const machine = vi.hoisted(() => ({ cores: 2 }));
vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof os>()),
  availableParallelism: () => machine.cores,
}));

async function configOn(cores: number, env: Record<string, string> = {}) {
  machine.cores = cores;
  vi.resetModules();
  const { loadConfig } = await import('./config.js');
  return loadConfig(env);
}

describe('RUNNER_WORKERS', () => {
  it.each([
    [1, 1],
    [2, 1],
    [4, 3],
    [16, 15],
  ])('leaves one core to the server: %i cores, %i workers', async (cores, workers) => {
    expect((await configOn(cores)).RUNNER_WORKERS).toBe(workers);
  });

  it('takes the number it is given, whatever the cores', async () => {
    expect((await configOn(2, { RUNNER_WORKERS: '2' })).RUNNER_WORKERS).toBe(2);
    expect((await configOn(8, { RUNNER_WORKERS: '1' })).RUNNER_WORKERS).toBe(1);
  });
});
