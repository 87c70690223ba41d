import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Outbox } from '../outbox.js';
import { CULPRIT_FD, type CulpritReport, type ParentToWorker, type WorkerToParent } from '../protocol.js';
import { RunTable } from '../run-table.js';
import type { Pending } from './wire.js';

/** Scenario keys whose code a worker was sent are remembered up to this many. */
const KNOWN_KEYS_LIMIT = 512;

/**
 * One worker process as the pool sees it. `shared` workers run every scenario that is not
 * quarantined; an `isolation` worker belongs to one quarantined scenario at a time (`owner`),
 * so that its crash can harm no other scenario's runs and always names its culprit.
 */
export interface WorkerSlot {
  id: number;
  kind: 'shared' | 'isolation';
  owner: string | null;
  child: ChildProcess | null;
  ready: boolean;
  inFlight: RunTable<Pending>;
  /** Runs in flight per scenario key. */
  perKey: Map<string, number>;
  startedAt: number;
  crashes: number;
  outbox: Outbox<ParentToWorker> | null;
  /** Scenario keys whose code this worker has been sent. */
  knownKeys: Set<string>;
  /** The scenario this worker named (catastrophic error) or the pool blamed (missed deadline). */
  culprit: string | null;
  /** When an isolation worker last became free (for shutting idle ones down). */
  idleSince: number;
  /** Shut down on purpose: its exit is no crash. */
  retired: boolean;
}

export function newSlot(id: number, kind: WorkerSlot['kind'], owner: string | null = null): WorkerSlot {
  return {
    id,
    kind,
    owner,
    child: null,
    ready: false,
    inFlight: new RunTable(),
    perKey: new Map(),
    startedAt: 0,
    crashes: 0,
    outbox: null,
    knownKeys: new Set(),
    culprit: null,
    idleSince: Date.now(),
    retired: false,
  };
}

export function rememberKey(slot: WorkerSlot, key: string): boolean {
  if (slot.knownKeys.has(key)) return true;
  if (slot.knownKeys.size >= KNOWN_KEYS_LIMIT) slot.knownKeys.clear();
  slot.knownKeys.add(key);
  return false;
}

function workerPath(): string {
  const beside = fileURLToPath(new URL('../worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  // Running from sources (tests): the built worker is in dist/.
  return fileURLToPath(new URL('../../dist/worker.js', import.meta.url));
}

export interface WorkerEvents {
  message(message: WorkerToParent): void;
  /** The process is gone and its pipes are drained (so a culprit report has arrived). */
  closed(code: number | null, signal: NodeJS.Signals | null): void;
  error(error: Error): void;
}

/** Reads culprit reports: one JSON line per catastrophic error (see protocol `CulpritReport`). */
function readCulprits(pipe: Readable | null | undefined, onCulprit: (key: string) => void): void {
  if (!pipe) return;
  let buffered = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    buffered = (buffered + chunk).slice(-65_536);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        const report = JSON.parse(line) as Partial<CulpritReport>;
        if (typeof report.key === 'string' && report.key.length <= 300) onCulprit(report.key);
      } catch {
        /* not a report */
      }
    }
  });
  pipe.on('error', () => {});
}

/** Forks the worker process of `slot`; `env` is all the environment it gets (no server secrets). */
export function forkWorker(slot: WorkerSlot, env: Record<string, string>, events: WorkerEvents): void {
  const stdio: Array<'ignore' | 'inherit' | 'ipc' | 'pipe'> = ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'];
  if (stdio.length !== CULPRIT_FD + 1) throw new Error('the culprit pipe must be the last stdio entry');
  const child = fork(workerPath(), [], { execArgv: ['--no-node-snapshot'], serialization: 'json', stdio, env });
  slot.child = child;
  slot.ready = false;
  slot.culprit = null;
  slot.knownKeys = new Set();
  slot.outbox = new Outbox<ParentToWorker>((message) => {
    if (child.connected) child.send(message);
  });
  slot.startedAt = Date.now();
  readCulprits(child.stdio[CULPRIT_FD] as Readable | null, (key) => {
    if (slot.child === child) slot.culprit = key;
  });
  child.on('message', (message: WorkerToParent) => {
    if (slot.child === child) events.message(message);
  });
  child.on('close', (code, signal) => {
    if (slot.child === child) events.closed(code, signal);
  });
  child.on('error', (error) => events.error(error));
}
