import { installFreeze } from './prelude-freeze.js';
import { installHttpGlobals } from './prelude-http.js';
import { installResponse } from './prelude-response.js';
import { installRuntime } from './prelude-runtime.js';
import { installWebGlobals } from './prelude-web.js';

/**
 * The script evaluated first in every isolate. It receives the host callbacks, installs the
 * sandbox globals, and returns `{ runOnce, install, fire, freezeBuiltins }` to the host.
 * The install functions are self-contained and shipped as source text.
 */
export const PRELUDE_SOURCE = `(function (log, logCut, urlParse, urlSet, random, timerSet, timerClear) {
  'use strict';
  const host = { log, logCut, urlParse, urlSet, random, timerSet, timerClear, limits: { maxResultBytes: 5242880 } };
  const web = (${installWebGlobals.toString()})(host);
  const http = (${installHttpGlobals.toString()})(host, web);
  const response = (${installResponse.toString()})(host, web, http);
  const runtime = (${installRuntime.toString()})(host, web, response);
  return { ...runtime, freezeBuiltins: (${installFreeze.toString()})() };
})`;
