import { AppError } from '../core/app-error.js';

/**
 * Bounds the password-hashing work in flight. scrypt runs on libuv's thread pool (4 threads
 * by default), which file and DNS work share: without a bound, a flood of sign-in attempts
 * would occupy every thread and every core. `concurrency` hashes run at once; up to
 * `maxQueued` more wait; an anonymous attempt beyond that is answered `429` at once.
 */
export function createHashingGate(options: { concurrency: number; maxQueued: number; busyMessage?: string }) {
  let running = 0;
  const waiting: Array<() => void> = [];

  function release() {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  async function acquire(bounded: boolean): Promise<void> {
    if (running < options.concurrency) {
      running += 1;
      return;
    }
    if (bounded && waiting.length >= options.maxQueued) {
      throw new AppError('rate_limited', options.busyMessage ?? 'Too many sign-ins at once; try again in a moment', {
        headers: { 'Retry-After': '1' },
      });
    }
    // The slot is handed over by `release` (running stays the same).
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  return {
    /**
     * Runs `work` when a slot is free. `bounded` (anonymous sign-in) refuses when the queue
     * is full; signed-in admin work (creating users, resetting passwords) waits its turn.
     */
    async run<T>(work: () => Promise<T>, bounded: boolean): Promise<T> {
      await acquire(bounded);
      try {
        return await work();
      } finally {
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}
