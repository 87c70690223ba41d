import type { Dispatcher } from 'undici';
import { redactUrl } from '../../outbound/redact.js';
import { safeFetch } from '../../outbound/safe-fetch.js';
import type { FetchRecord } from '../../protocol.js';

/** The worker's outbound settings, from its environment (see the pool's `outboundLimits`). */
export interface FetchSettings {
  /** The worker's one SSRF-safe agent (`createOutboundAgent`), shared by its runs. */
  agent: Dispatcher;
  maxBytes: number;
  maxPerRun: number;
  timeoutMs: number;
}

/** Hands a call's answer to the guest (`GuestApi.settle`), if its run is still going. */
export type AnswerGuest = (head: string, bytes: ArrayBuffer | null) => void;

/** Requests of one run in the worker at once; the guest holds the next ones back. */
const MAX_PARALLEL = 6;
/** The URL and headers of one request, as JSON: parsed on the worker's main thread, so bounded. */
const MAX_REQUEST_CHARS = 256 * 1024;
const ENDED = 'aborted: the run ended before the answer came';
/** Spelled in upper case in records, as `safeFetch` sends them. */
const STANDARD_METHOD = /^(delete|get|head|options|patch|post|put)$/i;

interface Started {
  record: FetchRecord | null;
  method: string;
  url: string;
  at: number;
  started: number;
  controller: AbortController;
}

/** What the guest sends as `fetchStart`'s request, checked: the guest is not trusted. */
function readRequest(
  text: string,
): { url: string; method: string; headers: Array<[string, string]>; redirect: 'follow' | 'manual' | 'error' } | null {
  if (text.length > MAX_REQUEST_CHARS) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { url, method, headers, redirect } = value;
    if (typeof url !== 'string' || typeof method !== 'string' || !Array.isArray(headers)) return null;
    if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') return null;
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
        return null;
    }
    return { url, method, headers: headers as Array<[string, string]>, redirect };
  } catch {
    return null;
  }
}

/** How long after the run's deadline a fetch's own timeout would fire (see `start`). */
const DEADLINE_ORDER_MS = 250;

/**
 * The fetches of one run, performed in the worker with `safeFetch` (never in the isolate): it
 * enforces the run's limits again (requests per run, in parallel, body sizes, deadline), keeps
 * one record per request in the order they started, and on `close` — the run's end, however it
 * ended — aborts what is still in flight, so that no request outlives its run.
 */
export class RunFetches {
  private readonly all: Started[] = [];
  private readonly inFlight = new Map<number, Started>();
  private closed = false;

  constructor(
    private readonly settings: FetchSettings,
    /** Epoch ms the run ends at the latest. */
    private readonly deadline: number,
    private readonly secrets: readonly string[],
  ) {}

  start(id: number, requestJson: string, body: ArrayBuffer | null, answer: AnswerGuest): void {
    if (this.closed) return;
    const refuse = (message: string) => answer(JSON.stringify({ ok: false, message }), null);
    const request = readRequest(requestJson);
    if (!request) return refuse('fetch: the request could not be read');
    if (this.all.length >= this.settings.maxPerRun)
      return refuse(`fetch: this run has made ${this.settings.maxPerRun} requests, the most a run may make`);
    if (this.inFlight.size >= MAX_PARALLEL)
      return refuse(`fetch: at most ${MAX_PARALLEL} requests of a run run at once`);
    const entry: Started = {
      record: null,
      method: STANDARD_METHOD.test(request.method) ? request.method.toUpperCase() : request.method.slice(0, 40),
      url: request.url,
      at: Date.now(),
      started: performance.now(),
      controller: new AbortController(),
    };
    this.all.push(entry);
    this.inFlight.set(id, entry);
    safeFetch(request.url, {
      agent: this.settings.agent,
      method: request.method,
      headers: request.headers,
      body: body === null ? null : new Uint8Array(body),
      redirect: request.redirect,
      signal: entry.controller.signal,
      timeoutMs: this.settings.timeoutMs,
      // A request still going at the run's deadline is stopped by the run's end (`close`), which
      // the time limit brings first: the run answers `scenario_timeout`, never an error the
      // scenario caught a moment before. The margin only orders the two; `close` aborts it.
      deadline: this.deadline + DEADLINE_ORDER_MS,
      maxBytes: this.settings.maxBytes,
      maxRequestBytes: this.settings.maxBytes,
      secrets: this.secrets,
      onRecord: (record) => {
        if (!this.closed) entry.record ??= record;
      },
    }).then(
      (response) => {
        if (this.inFlight.get(id) !== entry) return;
        this.inFlight.delete(id);
        const head = {
          ok: true,
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          url: response.url,
          redirected: response.redirected,
        };
        const { buffer, byteOffset, byteLength } = response.body;
        // Exactly the body: a small Buffer is a view into a shared pool.
        answer(JSON.stringify(head), buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
      },
      (error: Error) => {
        if (this.inFlight.get(id) !== entry) return;
        this.inFlight.delete(id);
        refuse(error.message);
      },
    );
  }

  /** The scenario aborted the request: it stops, and the guest expects no answer. */
  abort(id: number): void {
    const entry = this.inFlight.get(id);
    if (!entry) return;
    this.inFlight.delete(id);
    entry.record ??= this.cutShort(entry, 'aborted: the scenario aborted the request');
    entry.controller.abort();
  }

  /** The run ended: what is in flight stops and is recorded as cut short. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.all) entry.record ??= this.cutShort(entry, ENDED);
    for (const entry of this.inFlight.values()) entry.controller.abort();
    this.inFlight.clear();
  }

  private cutShort(entry: Started, error: string): FetchRecord {
    return {
      method: entry.method,
      url: redactUrl(entry.url, this.secrets),
      error,
      at: entry.at,
      durationMs: Math.round((performance.now() - entry.started) * 100) / 100,
      bytes: 0,
    };
  }

  /** One record per request, in the order they started (complete once `close` was called). */
  records(): FetchRecord[] {
    return this.all.flatMap((entry) => (entry.record ? [entry.record] : []));
  }
}
