import { randomBytes } from 'node:crypto';
import type { HostCallbacks } from '../guest/boundary.js';
import type { Ivm } from './ivm.js';

/**
 * How isolated-vm invokes each callback. `ignored` ones return to the guest at once (their
 * result and errors dropped): logging and timers must not wait for the host's thread.
 */
const MODES: Record<keyof HostCallbacks, 'sync' | 'ignored'> = {
  log: 'ignored',
  logCut: 'ignored',
  urlParse: 'sync',
  urlSet: 'sync',
  random: 'sync',
  timerSet: 'ignored',
  timerClear: 'ignored',
  // Answered later through GuestApi.settle: the isolate never waits for the network.
  fetchStart: 'ignored',
  fetchAbort: 'ignored',
  opStart: 'ignored',
};

/**
 * The callbacks as isolated-vm `Callback`s in one object keyed by name. Passed with
 * `arguments: { copy: true }`, it arrives in the isolate as a plain object of plain functions:
 * every call copies its primitives across, and no host object is reachable from it.
 */
export function toIsolateCallbacks(lib: Ivm, callbacks: HostCallbacks): Record<keyof HostCallbacks, object> {
  const out = {} as Record<keyof HostCallbacks, object>;
  for (const name of Object.keys(MODES) as Array<keyof HostCallbacks>) {
    const fn = callbacks[name];
    out[name] = MODES[name] === 'ignored' ? new lib.Callback(fn, { ignored: true }) : new lib.Callback(fn);
  }
  return out;
}

/* ---------- the host side of the guest's URL and crypto ---------- */

const URL_PARTS = [
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
] as const;
const SETTABLE = new Set<string>(URL_PARTS.filter((part) => part !== 'origin'));
/** Longer inputs are refused: parsing them would hold the worker's main thread. */
const MAX_URL_INPUT = 64 * 1024;

function urlJson(url: URL): string {
  const parts: Record<string, string> = {};
  for (const part of URL_PARTS) parts[part] = url[part];
  return JSON.stringify(parts);
}

/** The isolate hands strings, gets strings back (`''`: not a URL). Arguments are untrusted. */
export function parseUrl(input: unknown, base: unknown): string {
  try {
    if (String(input).length > MAX_URL_INPUT || (typeof base === 'string' && base.length > MAX_URL_INPUT)) return '';
    const url = typeof base === 'string' ? new URL(String(input), base) : new URL(String(input));
    return urlJson(url);
  } catch {
    return '';
  }
}

export function setUrlPart(href: unknown, part: unknown, value: unknown): string {
  try {
    if (typeof part !== 'string' || !SETTABLE.has(part)) return '';
    if (String(href).length > MAX_URL_INPUT || String(value).length > MAX_URL_INPUT) return '';
    const url = new URL(String(href));
    (url as unknown as Record<string, string>)[part] = String(value);
    return urlJson(url);
  } catch {
    return '';
  }
}

export function randomHex(count: unknown): string {
  return randomBytes(Math.min(65536, Math.max(1, Number(count) || 1))).toString('hex');
}
