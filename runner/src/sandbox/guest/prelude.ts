import type { installAbortGlobals } from './abort.js';
import type { GuestApi, HostCallbacks } from './boundary.js';
import type { installFetch } from './fetch.js';
import type { installFreeze } from './freeze.js';
import type { installHostCalls } from './host-calls.js';
import type { installHttpGlobals } from './http.js';
import type { installMail } from './mail.js';
import type { installResponse } from './response.js';
import type { installRuntime } from './runtime.js';
import type { installWebGlobals } from './web.js';

/** The parts of the guest, each shipped as its own function's source (see host/prelude-source.ts). */
export interface GuestParts {
  web: typeof installWebGlobals;
  http: typeof installHttpGlobals;
  response: typeof installResponse;
  abort: typeof installAbortGlobals;
  calls: typeof installHostCalls;
  fetch: typeof installFetch;
  mail: typeof installMail;
  runtime: typeof installRuntime;
  freeze: typeof installFreeze;
}

/**
 * The first code to run in every isolate: it takes the host's callbacks, installs the sandbox
 * globals, and hands the host its calls into the isolate. Guest code: self-contained, shipped
 * with toString() like the parts it wires together.
 */
export function startGuest(host: HostCallbacks, parts: GuestParts): GuestApi {
  'use strict';
  // By name, and exactly these: the record makes a callback added to HostCallbacks and not
  // listed here (or the reverse) a build error, and a host that leaves one out fails here.
  const expected: Record<keyof HostCallbacks, true> = {
    log: true,
    logCut: true,
    urlParse: true,
    urlSet: true,
    random: true,
    timerSet: true,
    timerClear: true,
    fetchStart: true,
    fetchAbort: true,
    opStart: true,
  };
  const names = Object.keys(expected);
  for (const name of names) {
    if (!Object.hasOwn(host, name) || typeof (host as unknown as Record<string, unknown>)[name] !== 'function') {
      throw new TypeError(`The host did not pass the callback "${name}"`);
    }
  }
  const extra = Object.keys(host).filter((name) => !names.includes(name));
  if (extra.length > 0) throw new TypeError(`The host passed unknown callbacks: ${extra.join(', ')}`);

  const limits = { maxResultBytes: 5 * 1024 * 1024 };
  const web = parts.web(host);
  const http = parts.http(host);
  const response = parts.response(limits, web, http);
  const abort = parts.abort();
  const calls = parts.calls();
  parts.fetch(host, calls, web, http, response, abort);
  const mail = parts.mail(host, calls);
  const runtime = parts.runtime(host, limits, web, response, { calls, mail });
  return { ...runtime, settle: calls.settle, freezeBuiltins: parts.freeze() };
}
