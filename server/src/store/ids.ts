import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids: 12 hex digits of epoch milliseconds + 12 hex digits that increase
 * monotonically within one process. Sorting ids as strings sorts records by creation
 * time, which is what "newest first" paging relies on in both stores.
 */
let lastMs = 0;
let counter = 0n;
const COUNTER_MAX = 0xffffffffffffn;

export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    counter += 1n;
    if (counter > COUNTER_MAX) {
      lastMs += 1;
      counter = randomCounter();
    }
  } else {
    lastMs = now;
    counter = randomCounter();
  }
  return lastMs.toString(16).padStart(12, '0') + counter.toString(16).padStart(12, '0');
}

function randomCounter(): bigint {
  // Leave headroom above the random start so increments within one millisecond never wrap.
  return BigInt('0x' + randomBytes(6).toString('hex')) >> 1n;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
