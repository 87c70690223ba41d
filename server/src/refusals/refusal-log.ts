import type { ErrorCode, RefusedCall } from '../contract/index.js';

/** How many refused calls are kept per endpoint: enough to see a pattern, small enough to ignore. */
export const REFUSALS_PER_ENDPOINT = 50;

// Caller-controlled text is cut so a flood of long headers cannot grow the log past its cap.
const MAX_METHOD = 32;
const MAX_ORIGIN = 300;
const MAX_PATH = 500;
/** Endpoints kept at most: deleted endpoints' rings are never asked for again, so the oldest go. */
const MAX_ENDPOINTS = 2000;

/** What the public route knows about a refused call; the log adds the time. */
export interface RefusalFacts {
  reason: ErrorCode;
  status: number;
  method: string;
  origin: string | undefined;
  ip: string;
  path: string;
}

export interface RefusalLog {
  record(endpointId: string, facts: RefusalFacts): void;
  /** The endpoint's refused calls, newest first. */
  list(endpointId: string): RefusedCall[];
  readonly capacity: number;
  /** When this log started (ISO): it lives in this instance's memory only. */
  readonly since: string;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A fixed-size ring: once full, each new call takes the place of the oldest. */
class Ring {
  private readonly slots: RefusedCall[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(call: RefusedCall): void {
    if (this.slots.length < this.capacity) this.slots.push(call);
    else this.slots[this.next] = call;
    this.next = (this.next + 1) % this.capacity;
  }

  newestFirst(): RefusedCall[] {
    const oldestFirst =
      this.slots.length < this.capacity
        ? this.slots
        : [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
    return [...oldestFirst].reverse();
  }
}

/**
 * The last refused calls of each endpoint, in this instance's memory: they are evidence for an
 * admin ("why does my form fail?"), not records — never a process, never stored, lost on restart.
 * Recording is O(1) so a flood of refusals costs no more than the refusals themselves.
 */
export function createRefusalLog(
  options: { capacity?: number; maxEndpoints?: number; now?: () => Date } = {},
): RefusalLog {
  const capacity = Math.max(1, options.capacity ?? REFUSALS_PER_ENDPOINT);
  const maxEndpoints = Math.max(1, options.maxEndpoints ?? MAX_ENDPOINTS);
  const now = options.now ?? (() => new Date());
  const rings = new Map<string, Ring>();
  const since = now().toISOString();

  return {
    capacity,
    since,
    record(endpointId, facts) {
      let ring = rings.get(endpointId);
      if (!ring) {
        if (rings.size >= maxEndpoints) rings.delete(rings.keys().next().value as string);
        ring = new Ring(capacity);
        rings.set(endpointId, ring);
      }
      ring.push({
        at: now().toISOString(),
        reason: facts.reason,
        status: facts.status,
        method: cut(facts.method, MAX_METHOD),
        origin: facts.origin ? cut(facts.origin, MAX_ORIGIN) : null,
        ip: facts.ip,
        path: cut(facts.path, MAX_PATH),
      });
    },
    list(endpointId) {
      return rings.get(endpointId)?.newestFirst() ?? [];
    },
  };
}
