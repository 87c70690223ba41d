import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../api.js';
import { createRunnerPool } from '../pool.js';
import type { RunOutcome } from '../protocol.js';
import { errorCodeOf, jsonOf, makeJob, sleep, type JobOptions } from '../testing/jobs.js';
import { decodeRawResult } from './host/execute.js';

// Real isolates in a real worker process (forked from runner/dist: build first).
let pool: RunnerPool;
const run = (code: string, options?: JobOptions): Promise<RunOutcome> => pool.run(makeJob(code, options));
/** The defaults a server runs with: 64 MB heap, 5 MB results. */
const DEFAULT_HEAP = { memoryMb: 64, maxResultBytes: 5 * 1024 * 1024, timeoutMs: 20_000, cpuMs: 20_000 };

beforeAll(async () => {
  pool = createRunnerPool({ workers: 1 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

describe('frozen built-ins', () => {
  it('leaves nothing a scenario can reach or make unfrozen, other than its own objects', async () => {
    const explorer = readFileSync(new URL('./fixtures/explore-intrinsics.js', import.meta.url), 'utf8');
    const outcome = await run(explorer, { limits: { timeoutMs: 120_000, cpuMs: 120_000, memoryMb: 256 } });
    const report = jsonOf(outcome) as { complete: boolean; shared: number; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.shared).toBeGreaterThan(500);
  }, 150_000);

  it('does not let a run change an intrinsic reachable only through instances for the next run', async () => {
    const code = `
      const hidden = () => ({
        segments: Object.getPrototypeOf(new Intl.Segmenter().segment('a')),
        segmentIterator: Object.getPrototypeOf(new Intl.Segmenter().segment('a')[Symbol.iterator]()),
        generator: Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())),
        iterator: Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
        regexpStringIterator: Object.getPrototypeOf('a'.matchAll(/a/g)),
        asyncFunction: Object.getPrototypeOf(async function () {}),
        globalPrototype: Object.getPrototypeOf(globalThis),
        functionToString: (function () {}).toString,
        throwTypeError: Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get,
        typedArray: Object.getPrototypeOf(Uint8Array).prototype,
        arrayBuffer: ArrayBuffer.prototype,
      });
      export default (request) => {
        const seen = {};
        const refused = [];
        for (const [name, target] of Object.entries(hidden())) {
          seen[name] = Object.hasOwn(target, 'tampered');
          if (request.body === 'tamper') {
            try { target.tampered = true; } catch { refused.push(name); }
            try { target.next = () => 'hijacked'; } catch { /* refused too */ }
          }
        }
        let globalThisReplaced = false;
        try { globalThis.globalThis = 1; globalThisReplaced = true; } catch {}
        return { seen, refused, globalThisReplaced, next: [...new Intl.Segmenter().segment('ab')].length };
      }`;
    const names = [
      'segments',
      'segmentIterator',
      'generator',
      'iterator',
      'regexpStringIterator',
      'asyncFunction',
      'globalPrototype',
      'functionToString',
      'throwTypeError',
      'typedArray',
      'arrayBuffer',
    ];
    const first = jsonOf(await run(code, { scenarioId: 'tamper-hidden', body: 'tamper' })) as { refused: string[] };
    expect(first.refused.sort()).toEqual([...names].sort());
    const second = await run(code, { scenarioId: 'tamper-hidden' });
    expect(second.warm).toBe(true);
    expect(jsonOf(second)).toEqual({
      seen: Object.fromEntries(names.map((name) => [name, false])),
      refused: [],
      globalThisReplaced: false,
      next: 2,
    });
  });
});

describe('guest code and the time limit', () => {
  it('has no FinalizationRegistry or WeakRef, whose callbacks would run outside any limit', async () => {
    const outcome = await run(`export default () => ({
      finalization: typeof FinalizationRegistry, weakRef: typeof WeakRef,
      listed: Object.getOwnPropertyNames(globalThis).filter((name) => /Finalization|WeakRef/.test(name)),
    })`);
    expect(jsonOf(outcome)).toEqual({ finalization: 'undefined', weakRef: 'undefined', listed: [] });
  });

  it('stops a run that keeps code running after it returned, at its limit, while the worker answers other runs', async () => {
    const code = `export default (request) => {
      if (request.body === 'leave') (async () => { for (;;) await null; })();
      return 'returned';
    }`;
    const started = performance.now();
    const leftBehind = run(code, {
      scenarioId: 'leaves-work-behind',
      body: 'leave',
      limits: { timeoutMs: 500, cpuMs: 500 },
    });
    await sleep(100);
    const other = performance.now();
    expect(errorCodeOf(await run(`export default () => ({ fine: true })`))).toBe('ok');
    expect(performance.now() - other).toBeLessThan(300);
    expect(errorCodeOf(await leftBehind)).toBe('scenario_timeout');
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(errorCodeOf(await run(code, { scenarioId: 'leaves-work-behind' }))).toBe('ok');
  });

  it('stops module code that never finishes loading at the limit of the run that waited for it', async () => {
    const started = performance.now();
    const outcome = await run(`for (;;) {} export default () => 1`, { limits: { timeoutMs: 400, cpuMs: 400 } });
    expect(['scenario_timeout', 'scenario_error']).toContain(errorCodeOf(outcome));
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('response headers', () => {
  const respond = (headers: string) => run(`export default () => new Response('x', { headers: ${headers} })`);

  it('fails a header value that HTTP cannot carry with invalid_response, naming the character', async () => {
    for (const [value, code] of [
      ['"a\\u000bb"', 'U+000B'],
      ['"caf\\u0100"', 'U+0100'],
      ['"del\\u007f"', 'U+007F'],
      ['"nul\\u0000"', 'U+0000'],
    ] as const) {
      const outcome = await respond(`{ 'x-test': ${value} }`);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
      expect(outcome.ok ? '' : outcome.error.message).toContain(code);
    }
  });

  it('accepts what Node accepts: tab, visible ASCII and Latin-1', async () => {
    const outcome = await respond(`{ 'x-test': 'caf\\u00e9\\tok ~' }`);
    expect(outcome).toMatchObject({
      ok: true,
      result: { kind: 'response', headers: expect.arrayContaining([['x-test', 'café\tok ~']]) },
    });
  });

  it('fails a header name that is not a token', async () => {
    expect(errorCodeOf(await respond(`[['bad name', 'v']]`))).toBe('invalid_response');
  });

  it('checks again on the host what an isolate hands out', () => {
    const raw = (headers: Array<[string, string]>) => ({
      logCount: 0,
      callCount: 0,
      logsTruncated: false,
      payload: 'R' + JSON.stringify({ status: 200, headers, body: { type: 'empty' } }),
    });
    expect(decodeRawResult(raw([['x-a', 'Ā']]), 1024).error?.code).toBe('invalid_response');
    expect(decodeRawResult(raw([['x-a', 'a\u0085b']]), 1024).result).toBeDefined();
    expect(decodeRawResult(raw([['x-a', 'a\rb']]), 1024).error?.code).toBe('invalid_response');
    const bytes = {
      logCount: 0,
      callCount: 0,
      logsTruncated: false,
      payload: 'R' + JSON.stringify({ status: 200, headers: [], body: { type: 'bytes' } }),
    };
    expect(decodeRawResult({ ...bytes, bytes: new ArrayBuffer(2048) }, 1024).error?.code).toBe('result_too_large');
  });
});

describe('logs', () => {
  it('records a run killed after its log was cut as truncated', async () => {
    const outcome = await run(
      `export default () => { for (let i = 0; i < 20; i++) console.log('line', i); for (;;) {} }`,
      { limits: { timeoutMs: 400, cpuMs: 400, maxLogLines: 5 } },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'scenario_timeout' }, logsTruncated: true });
    expect(outcome.logs).toHaveLength(5);
  });

  it('records a cancelled run whose log was cut by size as truncated', async () => {
    const job = makeJob(`export default () => { console.log('x'.repeat(5000)); return new Promise(() => {}); }`, {
      limits: { maxLogBytes: 1000 },
    });
    const pending = pool.run(job);
    await sleep(200);
    pool.cancel(job.runId);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' }, logsTruncated: true });
  });
});

describe('bytes across the boundary', () => {
  it('answers a 4 MB binary body byte for byte at the default heap', async () => {
    const size = 4 * 1024 * 1024;
    const outcome = await run(
      `export default () => {
        const bytes = new Uint8Array(${size});
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 255;
        return new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } });
      }`,
      { limits: DEFAULT_HEAP },
    );
    if (!outcome.ok || outcome.result.kind !== 'response' || outcome.result.body.type !== 'base64')
      throw new Error(JSON.stringify(outcome).slice(0, 500));
    const body = Buffer.from(outcome.result.body.data, 'base64');
    expect(body.length).toBe(size);
    const expected = Buffer.alloc(size);
    for (let i = 0; i < size; i++) expected[i] = (i * 31 + 7) & 255;
    expect(body.equals(expected)).toBe(true);
  });

  it('fails a binary body above the result limit', async () => {
    const outcome = await run(`export default () => new Response(new Uint8Array(6 * 1024 * 1024))`, {
      limits: DEFAULT_HEAP,
    });
    expect(errorCodeOf(outcome)).toBe('result_too_large');
  });

  it('hands a 10 MB upload to the scenario as bytes at the default heap', async () => {
    const data = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
    let checksum = 0;
    for (const byte of data) checksum = (checksum + byte) % 65521;
    const text = 'hello, world\n'.repeat(300_000);
    const files = [
      {
        field: 'f',
        name: 'big.bin',
        contentType: 'application/octet-stream',
        size: data.length,
        dataBase64: data.toString('base64'),
      },
      {
        field: 'g',
        name: 'big.txt',
        contentType: 'text/plain',
        size: text.length,
        dataBase64: Buffer.from(text).toString('base64'),
      },
    ];
    const outcome = await run(
      `export default (request) => {
        const [bin, txt] = request.files;
        let checksum = 0;
        for (const byte of bin.bytes()) checksum = (checksum + byte) % 65521;
        return { name: bin.name, size: bin.size, length: bin.bytes().length, checksum, base64: bin.base64().length, text: txt.text().length };
      }`,
      { files, limits: DEFAULT_HEAP },
    );
    expect(jsonOf(outcome)).toEqual({
      name: 'big.bin',
      size: data.length,
      length: data.length,
      checksum,
      base64: data.toString('base64').length,
      text: text.length,
    });
  });

  it('encodes megabytes with btoa, atob and TextEncoder at the default heap', async () => {
    const outcome = await run(
      `export default () => {
        const latin = 'xé'.repeat(1_500_000);
        const back = atob(btoa(latin));
        const utf8 = new TextEncoder().encode('é✓'.repeat(700_000));
        return { roundTrip: back === latin, utf8: utf8.length, decoded: new TextDecoder().decode(utf8).length };
      }`,
      { limits: DEFAULT_HEAP },
    );
    expect(jsonOf(outcome)).toEqual({ roundTrip: true, utf8: 700_000 * 5, decoded: 1_400_000 });
  });
});
