/** What the pool knew of its workers when a run found none with room for it. */
export interface Availability {
  /** Shared workers, live or restarting. */
  workers: number;
  /** Shared workers that are up. */
  alive: number;
  /** Of the live ones, those holding as many runs as a worker may (of any scenarios). */
  full: number;
  /** Runs a worker holds at most. */
  maxInFlight: number;
  /** Runs of one scenario a worker runs at once. */
  perScenario: number;
  /** The scenario runs alone in an isolation worker since it crashed a worker. */
  quarantined: boolean;
}

/**
 * Why a run waited, in words an operator can act on: workers restarting call for a look at
 * the logs, saturated ones for more workers or fewer runs at once, and a scenario that waits
 * for its own runs only for patience. (A single "no worker is available" hid which.)
 */
export function whyNoWorker(state: Availability): string {
  if (state.quarantined) {
    return 'this scenario runs alone in an isolation worker since it crashed a runner worker, and none was free for it';
  }
  if (state.alive === 0) {
    return state.workers === 1
      ? 'no runner worker is alive (the worker is restarting)'
      : `no runner worker is alive (all ${state.workers} are restarting)`;
  }
  const who = state.alive === 1 ? 'the only live runner worker is' : `all ${state.alive} runner workers are`;
  const restarting = state.alive < state.workers ? ` (${state.workers - state.alive} more restarting)` : '';
  if (state.full >= state.alive)
    return `${who} busy${restarting}, each with as many runs as it takes (${state.maxInFlight})`;
  return (
    `${who} busy with this scenario${restarting}: a worker runs at most ${state.perScenario} of its runs ` +
    'at once, and earlier ones were in line'
  );
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
