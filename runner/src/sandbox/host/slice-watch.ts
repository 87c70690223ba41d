import { Worker } from 'node:worker_threads';

/**
 * The guard of synchronous slices (sync-slices.ts). A slice runs the isolate on the worker's
 * own thread; isolated-vm stops it at its timeout — except when V8 itself fails inside it (a
 * catastrophic error, such as an allocation it cannot satisfy), which isolated-vm reports as a
 * task for this very thread: blocked in the slice, it never gets it, and the worker would hang.
 *
 * So a second thread watches: the worker's thread notes in shared memory when a slice starts,
 * until when it may last, and whose it is (two stores, no message, no wake-up); the watcher
 * looks a few times a second. A slice past its end by `graceMs` means the thread is lost: the
 * watcher tells the pool which scenario did it (the same one-line report as a catastrophic
 * error) and kills the process, which the pool replaces.
 */
export interface SliceWatch {
  begin(key: string, sliceMs: number): void;
  end(): void;
}

const KEY_BYTES = 512;
/** [0]: 1 while a slice runs; [1]: its end, ms after `origin`; [2]: the key's length in bytes. */
const STATE = 0;
const ENDS_AT = 1;
const KEY_LENGTH = 2;

const WATCHER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { state, key, origin, graceMs, fd, pid } = workerData;
const flags = new Int32Array(state);
const keyBytes = new Uint8Array(key);
setInterval(() => {
  if (Atomics.load(flags, 0) !== 1) return;
  if (Date.now() - origin <= Atomics.load(flags, 1) + graceMs) return;
  const name = Buffer.from(keyBytes.subarray(0, Atomics.load(flags, 2))).toString('utf8');
  const message = 'The scenario stopped answering in a synchronous slice (V8 failed inside the isolate)';
  try { writeSync(fd, JSON.stringify({ key: name, message }) + '\\n'); } catch {}
  try { writeSync(2, 'runner worker: ' + message + ' (' + name + ')\\n'); } catch {}
  process.kill(pid, 'SIGKILL');
}, Math.max(50, Math.floor(graceMs / 4)));
`;

export function startSliceWatch(options: { fd: number; graceMs?: number }): SliceWatch {
  const state = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const key = new SharedArrayBuffer(KEY_BYTES);
  const flags = new Int32Array(state);
  const keyBytes = new Uint8Array(key);
  const origin = Date.now();
  const encoder = new TextEncoder();
  const watcher = new Worker(WATCHER, {
    eval: true,
    workerData: { state, key, origin, graceMs: options.graceMs ?? 2_000, fd: options.fd, pid: process.pid },
    // The watcher needs little: keep its heap small.
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  watcher.unref();
  return {
    begin(name, sliceMs) {
      const { written } = encoder.encodeInto(name, keyBytes);
      Atomics.store(flags, KEY_LENGTH, written);
      Atomics.store(flags, ENDS_AT, Date.now() - origin + sliceMs);
      Atomics.store(flags, STATE, 1);
    },
    end() {
      Atomics.store(flags, STATE, 0);
    },
  };
}
