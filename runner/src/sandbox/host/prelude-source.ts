import { installAbortGlobals } from '../guest/abort.js';
import { installFetch } from '../guest/fetch.js';
import { installFreeze } from '../guest/freeze.js';
import { installHostCalls } from '../guest/host-calls.js';
import { installHttpGlobals } from '../guest/http.js';
import { installMail } from '../guest/mail.js';
import { startGuest } from '../guest/prelude.js';
import { installResponse } from '../guest/response.js';
import { installRuntime } from '../guest/runtime.js';
import { installWebGlobals } from '../guest/web.js';

/**
 * The script evaluated first in every isolate: a function of the host's callbacks (one named
 * object, see `HostCallbacks`) that returns the guest's API (`GuestApi`).
 *
 * The guest's functions are shipped as their own source text — the compiled JavaScript of
 * guest/*.ts, which refers to nothing outside each function — never as host references.
 * Built once per worker process; each new isolate compiles it once.
 */
export const PRELUDE_SOURCE = `(function (host) {
  'use strict';
  return (${startGuest.toString()})(host, {
    web: ${installWebGlobals.toString()},
    http: ${installHttpGlobals.toString()},
    response: ${installResponse.toString()},
    abort: ${installAbortGlobals.toString()},
    calls: ${installHostCalls.toString()},
    fetch: ${installFetch.toString()},
    mail: ${installMail.toString()},
    runtime: ${installRuntime.toString()},
    freeze: ${installFreeze.toString()},
  });
})`;
