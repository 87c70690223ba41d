import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { GuestApi, HostCallbacks, RunPayload } from '../guest/boundary.js';
import { PRELUDE_SOURCE } from './prelude-source.js';

// The guest is shipped as the source text of its compiled functions. Here it is the text that
// vitest compiled from guest/*.ts (the pool's tests cover what tsc put in runner/dist).

/** Names the text uses but neither defines nor finds in the ES library (as the isolate has it). */
function danglingNames(source: string): string[] {
  const file = '/prelude.js';
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === file ? ts.createSourceFile(file, source, version) : getSourceFile(name, version);
  const program = ts.createProgram(
    [file],
    { allowJs: true, checkJs: true, noEmit: true, lib: ['lib.es2023.d.ts'], types: [] },
    host,
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    .filter((message) => message.startsWith('Cannot find name'));
}

/** The prelude evaluated in a fresh realm that holds nothing of the host but what is passed in. */
function startInBareRealm(host: Record<string, unknown>): { api: GuestApi; context: vm.Context } {
  const context = vm.createContext({});
  const start = vm.runInContext(PRELUDE_SOURCE, context, { filename: 'sandbox-prelude.js' }) as (
    host: unknown,
  ) => GuestApi;
  return { api: start(host), context };
}

function fakeHost(lines: string[]): HostCallbacks {
  return {
    log: (level, text) => void lines.push(`${level} ${text}`),
    logCut: () => {},
    urlParse: () => '',
    urlSet: () => '',
    random: (count) => '00'.repeat(count),
    timerSet: () => {},
    timerClear: () => {},
    fetchStart: () => {},
    fetchAbort: () => {},
    opStart: () => {},
  };
}

describe('the prelude shipped into every isolate', () => {
  it('refers to nothing but the ES built-ins and what it defines itself', () => {
    expect(danglingNames(PRELUDE_SOURCE)).toEqual([]);
    // The check sees a reference that leaves the text (a compiler helper, an import, a Node global).
    expect(danglingNames('(function () { return __helper(process); })')).toHaveLength(2);
  });

  it('runs a scenario in a realm with nothing of the host', async () => {
    const lines: string[] = [];
    const { api, context } = startInBareRealm({ ...fakeHost(lines) });
    // No freezeBuiltins() here: node:vm's global object is an interceptor that does not take the
    // freeze as an isolate's does. The freeze is tested in real isolates (sandbox-hardening.test.ts).
    // Made in that realm, so that `console` and `Response` are the sandbox's.
    const handler: unknown = vm.runInContext(
      `(request) => { console.log('hello', request.body.name); return new Response('hi'); }`,
      context,
    );
    api.install({ default: handler });
    const payload: RunPayload = {
      request: {
        url: 'http://x/',
        method: 'POST',
        path: '/',
        subpath: '',
        headers: {},
        cookies: {},
        query: {},
        body: { name: 'Ann' },
        rawBody: '',
        files: [],
        ip: '',
      },
      ctx: {
        event: { id: 'e', type: '$webRequest', async: false },
        script: { id: 's', version: 1 },
        process: { id: 'p', attempt: 1 },
        user: null,
        secrets: {},
      },
      limits: { maxLogLines: 10, maxLogBytes: 1000, maxResultBytes: 1000 },
      outbound: { fetchMaxPerRun: 50, fetchMaxBytes: 1000 },
    };
    const result = await api.runOnce(JSON.stringify(payload));
    expect(result).toBe(
      '01,0:R' +
        JSON.stringify({
          status: 200,
          headers: [['content-type', 'text/plain;charset=UTF-8']],
          body: { type: 'text', text: 'hi' },
        }),
    );
    expect(lines).toEqual(['info hello Ann']);
  });

  it('takes the host callbacks by name and refuses a set with one missing or one unknown', () => {
    const { random: _left, ...missing } = fakeHost([]);
    expect(() => startInBareRealm(missing)).toThrow('The host did not pass the callback "random"');
    expect(() => startInBareRealm({ ...fakeHost([]), spawn: () => {} })).toThrow(
      'The host passed unknown callbacks: spawn',
    );
    // Order does not matter: the same callbacks listed the other way round work.
    const reversed = Object.fromEntries(Object.entries(fakeHost([])).reverse());
    expect(typeof startInBareRealm(reversed).api.runOnce).toBe('function');
  });
});
