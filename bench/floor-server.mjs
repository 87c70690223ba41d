// The floor: the least a server with Scriptgate's guarantees must do for a sync run — the
// request goes to a worker process, runs in an isolate there, is recorded durably by a store
// thread, and only then is answered — written as plainly as possible. `bench/run.mjs` with
// BENCH_FLOOR=1 measures it beside Scriptgate, swapping in Scriptgate's own parts one at a time
// (FLOOR_PARTS below), so that the gap between the floor and the product is split by part.
// Not a product: no limits, no error handling, one fixed scenario (the echo).
//
// FLOOR_PARTS: 'none'   — plain workers (one `applySync` per run) and a plain 7-column row;
//              'store'  — plain workers, Scriptgate's embedded store (on its thread, real records);
//              'runner' — Scriptgate's runner pool and sandbox, and its embedded store.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { defaultWorkerCount } from '../runner/dist/index.js';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { perTurn, startEchoPool, startFloorWorkers } from './echo-runs.mjs';

const root = new URL('..', import.meta.url).pathname;
const PARTS = process.env.FLOOR_PARTS ?? 'none';
// As many workers as the server starts by default (RUNNER_WORKERS).
const WORKERS = Number(process.env.RUNNER_WORKERS ?? defaultWorkerCount());

// ---- the store: one row per run, committed before the answer ----
let record;
if (PARTS === 'none') {
  const thread = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.file);
     db.pragma('journal_mode = WAL');
     db.pragma('synchronous = NORMAL');
     db.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY, slug TEXT, status TEXT, started INTEGER, duration_ms INTEGER, request TEXT, response TEXT);' +
       'CREATE INDEX runs_slug ON runs (slug, started); CREATE INDEX runs_status ON runs (status, started)');
     const insert = db.prepare('INSERT INTO runs (slug, status, started, duration_ms, request, response) VALUES (?, ?, ?, ?, ?, ?)');
     const commit = db.transaction((rows) => { for (const r of rows) insert.run('echo', 'succeeded', r.started, Date.now() - r.started, r.request, r.response); });
     let batch = [];
     parentPort.on('message', (rows) => {
       if (batch.length === 0) setImmediate(() => { const done = batch; batch = []; commit(done); parentPort.postMessage(done.map((r) => r.key)); });
       batch.push(...rows);
     });`,
    {
      eval: true,
      workerData: {
        driver: createRequire(join(root, 'server/package.json')).resolve('better-sqlite3'),
        file: join(process.env.DATA_DIR, 'floor.db'),
      },
    },
  );
  const waiting = new Map();
  let nextKey = 0;
  thread.on('message', (keys) => {
    for (const key of keys) {
      waiting.get(key)();
      waiting.delete(key);
    }
  });
  const post = perTurn((rows) => thread.postMessage(rows));
  record = (run) =>
    new Promise((resolve) => {
      const key = nextKey++;
      waiting.set(key, resolve);
      post({ key, started: run.started, request: run.rawBody, response: run.answer });
    });
} else {
  const { openThreadedEmbeddedStore } = await import(join(root, 'server/dist/store/embedded/threaded-store.js'));
  // The contract tests' record, with what a recorded echo run holds in place of their values.
  const { newProcess } = await import(join(root, 'server/dist/store/contract-suite/fixtures.js'));
  const { recordRequest, recordResponse } = await import(join(root, 'server/dist/processes/record.js'));
  const { NO_REDACTION } = await import(join(root, 'server/dist/secrets/redact.js'));
  const RECORD_BODY_LIMIT = 64 * 1024;
  const store = await openThreadedEmbeddedStore({ dataDir: process.env.DATA_DIR });
  record = ({ request, answer, started }) =>
    store.createProcess(
      newProcess({
        endpointId: 'floor',
        slug: 'echo',
        // Kept as the server keeps them (processes/record.ts), at the default RECORD_BODY_LIMIT.
        request: recordRequest(request, RECORD_BODY_LIMIT, NO_REDACTION),
        response: recordResponse(
          { status: 200, headers: [['content-type', 'application/json']], body: answer, binary: false },
          RECORD_BODY_LIMIT,
          NO_REDACTION,
        ),
        logs: [],
        durationMs: Date.now() - started,
        ip: request.ip,
        principal: null,
        owner: null,
      }),
    );
}

// ---- the run: in an isolate in a worker process ----
let execute;
if (PARTS === 'runner') {
  const { newId } = await import(join(root, 'server/dist/store/ids.js'));
  const pool = await startEchoPool(WORKERS);
  execute = (request) => pool.run(newId(), request);
} else {
  execute = startFloorWorkers(WORKERS).run;
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const started = Date.now();
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = req.url.split('?')[0];
    const request = {
      url: `http://${req.headers.host}${req.url}`,
      method: req.method,
      path,
      subpath: '',
      headers: req.headers,
      cookies: {},
      query: {},
      body: rawBody ? JSON.parse(rawBody) : null,
      rawBody,
      files: [],
      ip: req.socket.remoteAddress,
    };
    const answer = await execute(request);
    await record({ started, request, rawBody, answer });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    res.end(answer);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');

// An orderly exit (workers follow on disconnect), so that `--cpu-prof` can write its profile.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
