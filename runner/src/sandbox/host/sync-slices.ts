/**
 * Which runs go on the worker's own thread first (`ScenarioIsolate.run` with a slice), and for
 * how long. A synchronous call into an isolate costs a few microseconds; an asynchronous one
 * hands the run to another thread and back, ten times that in CPU, most of it thread switches.
 * Most scenarios answer within a millisecond, so they are tried synchronously — within limits
 * that keep one scenario from holding the worker's thread (and so the other runs' answers):
 *
 * - a run gets at most `sliceMs` (never more than its own time left);
 * - in one turn of the event loop, runs get `sliceMs` in all; later ones in that turn go async;
 * - a scenario whose run outgrew its slice has its next `asyncAfterExceeded` runs go async at
 *   once (it is computing for longer than a slice: the slice would be wasted), then is tried again.
 */
export interface SlicePolicyOptions {
  /** 0 turns synchronous slices off: every run goes to the isolate's thread. */
  sliceMs: number;
  asyncAfterExceeded?: number;
}

/** Slices end on multiples of this (see `sliceFor`): a slice is `sliceMs` to `sliceMs + GRID_MS`. */
const GRID_MS = 10;

/** Scenarios remembered as outgrowing their slice; the oldest are forgotten beyond it. */
const MAX_REMEMBERED = 1_000;

export class SlicePolicy {
  private spent = 0;
  private resetScheduled = false;
  private readonly asyncRunsLeft = new Map<string, number>();
  private readonly asyncAfterExceeded: number;

  constructor(private readonly options: SlicePolicyOptions) {
    this.asyncAfterExceeded = options.asyncAfterExceeded ?? 100;
  }

  /** The slice for a run of `key` with `remainingMs` of its time left; 0: run it asynchronously. */
  sliceFor(key: string, remainingMs: number): number {
    const left = this.asyncRunsLeft.get(key);
    if (left !== undefined) {
      if (left <= 1) this.asyncRunsLeft.delete(key);
      else this.asyncRunsLeft.set(key, left - 1);
      return 0;
    }
    if (this.options.sliceMs <= 0 || this.spent >= this.options.sliceMs) return 0;
    // isolated-vm times a call on a thread of its own that wakes at the end of each timer, and
    // exits when it has none left (the next one starts a new thread). Slices that end on a shared
    // grid wake it once per step of the grid, not once per run.
    const now = Number(process.hrtime.bigint() / 1_000_000n);
    const end = Math.ceil((now + this.options.sliceMs) / GRID_MS) * GRID_MS;
    const slice = Math.min(end - now, Math.floor(remainingMs));
    return slice >= 1 ? slice : 0;
  }

  /** Time a run spent in its slice (counts against this turn's budget). */
  spend(ms: number): void {
    this.spent += ms;
    if (this.resetScheduled) return;
    this.resetScheduled = true;
    setImmediate(() => {
      this.spent = 0;
      this.resetScheduled = false;
    });
  }

  /** A run of `key` outgrew its slice. */
  exceeded(key: string): void {
    this.asyncRunsLeft.delete(key);
    this.asyncRunsLeft.set(key, this.asyncAfterExceeded);
    if (this.asyncRunsLeft.size > MAX_REMEMBERED) this.asyncRunsLeft.delete(this.asyncRunsLeft.keys().next().value!);
  }
}
