#!/usr/bin/env node
// Embedded store figures with a large history: inserting 100,000 processes through the
// adapter (one group-commit transaction) and listing pages with each admin filter.
// Figures, not a gate. `npm run build` first (or set SCRIPTGATE_SERVER_DIST to a build).
//
//   node bench/store.mjs            BENCH_PROCESSES=100000 by default
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.SCRIPTGATE_SERVER_DIST ?? new URL('../server/dist/', import.meta.url).pathname;
const { createEmbeddedStore } = await import(pathToFileURL(join(dist, 'store/embedded/embedded-store.js')).href);
const { newId } = await import(pathToFileURL(join(dist, 'store/ids.js')).href);

const TOTAL = Number(process.env.BENCH_PROCESSES ?? 100_000);
const STATUSES = ['succeeded', 'failed', 'running', 'queued', 'timeout'];
const BASE = Date.parse('2026-01-01T00:00:00.000Z');

function processAt(n) {
  const queuedAt = new Date(BASE + n * 1000).toISOString();
  const status = STATUSES[n % 5];
  const finished = status !== 'running' && status !== 'queued';
  return {
    id: newId(BASE + n * 1000),
    endpointId: `endpoint-${n % 20}`,
    slug: `slug-${n % 20}`,
    scenarioVersion: 1,
    mode: n % 3 === 0 ? 'async' : 'sync',
    status,
    attempt: 1,
    request: {
      method: 'POST',
      url: `https://gate.example.test/api/webrequest/slug-${n % 20}?lead=${n}`,
      path: `/api/webrequest/slug-${n % 20}`,
      subpath: '',
      headers: { 'content-type': 'application/json', 'user-agent': 'bench' },
      query: { lead: String(n) },
      body: { email: `lead${n}@example.com`, message: 'Hello from the contact form '.repeat(8) },
      bodyTruncated: false,
      files: [],
    },
    response: finished
      ? {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"ok":true}',
          bodyEncoding: 'utf8',
          bodyTruncated: false,
        }
      : null,
    logs: [{ level: 'info', time: queuedAt, text: `lead ${n}` }],
    logsTruncated: false,
    error:
      status === 'failed' ? { code: 'scenario_error', name: 'Error', message: `Upstream refused lead ${n}` } : null,
    queuedAt,
    startedAt: status === 'queued' ? null : queuedAt,
    finishedAt: finished ? queuedAt : null,
    durationMs: finished ? 12 : null,
    ip: '203.0.113.7',
    principal: { type: 'anonymous', id: null },
    callbackAttempts: [],
    rerunOf: null,
    statusTokenHash: null,
    input: status === 'queued' ? { request: { body: { n } } } : null,
  };
}

const QUERIES = {
  all: {},
  endpointId: { endpointId: 'endpoint-3' },
  'status=failed': { status: ['failed'] },
  'status in 3': { status: ['failed', 'timeout', 'running'] },
  'mode=async': { mode: 'async' },
  'from/to 2h': { from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T12:00:00.000Z' },
  'q (1 hit)': { q: 'refused lead 99991' },
  'q (no hit)': { q: 'matches nothing at all' },
  'q body email (1 hit)': { q: 'lead99991@example.com' },
  'q body words (every row)': { q: 'hello from the contact' },
  'q log text (1 hit)': { q: 'lead 99991' },
  'q body prefix (no hit)': { q: 'zebra' },
  'endpoint+status+mode+q': { endpointId: 'endpoint-4', status: ['succeeded', 'failed'], mode: 'sync', q: 'slug' },
  'every filter': {
    endpointId: 'endpoint-1',
    status: ['failed'],
    mode: 'async',
    from: '2026-01-01T10:00:00.000Z',
    to: '2026-01-02T00:00:00.000Z',
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn, runs = 5) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

const dataDir = await mkdtemp(join(tmpdir(), 'scriptgate-bench-store-'));
const store = await createEmbeddedStore({ dataDir });
try {
  console.log(
    `Embedded store bench: ${TOTAL.toLocaleString('en')} processes; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const records = Array.from({ length: TOTAL }, (_, n) => processAt(n));
  let started = performance.now();
  // Issued in the same turn, the writes share one transaction (group commit, write-batch.ts).
  await Promise.all(records.map((record) => store.createProcess(record)));
  const insertMs = performance.now() - started;
  console.log(
    `insert ${TOTAL.toLocaleString('en')} (one transaction): ${insertMs.toFixed(0)} ms (${Math.round(TOTAL / (insertMs / 1000)).toLocaleString('en')}/s)`,
  );
  const file = join(dataDir, 'scriptgate.db');
  console.log(`file: ${((await stat(file)).size / 2 ** 20).toFixed(1)} MiB`);

  console.log('\nlist (limit 50), median of 5   first page   page 3    count');
  for (const [name, query] of Object.entries(QUERIES)) {
    const first = await store.listProcesses({ ...query, limit: 50 });
    const second = first.nextCursor
      ? await store.listProcesses({ ...query, limit: 50, cursor: first.nextCursor })
      : null;
    const firstMs = await time(() => store.listProcesses({ ...query, limit: 50 }));
    const thirdMs = second?.nextCursor
      ? await time(() => store.listProcesses({ ...query, limit: 50, cursor: second.nextCursor }))
      : NaN;
    const countMs = await time(() => store.countProcesses(query), 3);
    console.log(
      `  ${name.padEnd(28)} ${firstMs.toFixed(2).padStart(8)} ms ${thirdMs.toFixed(2).padStart(8)} ms ${countMs.toFixed(1).padStart(7)} ms`,
    );
  }

  started = performance.now();
  const purged = await store.purgeExpired('2026-01-02T00:00:00.000Z');
  console.log(
    `\npurge ${purged.processes.toLocaleString('en')} finished processes + vacuum + WAL checkpoint: ${(performance.now() - started).toFixed(0)} ms; file now ${((await stat(file)).size / 2 ** 20).toFixed(1)} MiB`,
  );
} finally {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}
