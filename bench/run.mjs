#!/usr/bin/env node
// `npm run bench`: drives the real Scriptgate server and a bare Express server doing the same
// work with autocannon on 127.0.0.1, and prints requests/s, latency and peak RSS. Figures, not a gate.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** BENCH_ONLY=echo: only the two sync echo rows (quick before/after comparisons). */
const ECHO_ONLY = process.env.BENCH_ONLY === 'echo';
/** Also measure the floor (floor-server.mjs) with none, then some, of Scriptgate's parts. */
const FLOOR = process.env.BENCH_FLOOR === '1';
const FLOOR_PARTS = [
  ['none', 'floor: plain worker + plain row'],
  ['store', "floor + Scriptgate's store"],
  ['runner', "floor + Scriptgate's runner and store"],
];
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const ADMIN = { email: 'bench@example.test', password: 'bench-password-1' };
/** Linux clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 nearly everywhere). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const PAYLOAD = JSON.stringify({ name: 'Ann', email: 'ann@example.test', message: 'hello '.repeat(20), n: 42 });

const SCENARIOS = {
  echo: 'export default (request) => ({ ok: true, echo: request.body })',
  cpu: `export default (request) => {
  let x = 0;
  for (let i = 0; i < 200000; i++) x = (x + i * i) % 1000003;
  return { ok: true, x };
}`,
};

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${url}`);
}

/** A process and all its descendants (Linux /proc): the server and its runner workers. */
async function processTree(pid) {
  const parents = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while the tree was read
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, ppid] of parents) if (ppid === tree[i]) tree.push(child);
  return tree;
}

/** RSS of a process tree, in bytes. */
async function treeRss(pid) {
  let total = 0;
  for (const p of await processTree(pid)) {
    try {
      const status = await readFile(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended while the tree was read
    }
  }
  return total;
}

/** CPU time (user + system) used so far by each process of a tree, in ms, by pid (Linux /proc). */
async function treeCpu(pid) {
  const cpu = new Map();
  for (const p of await processTree(pid)) {
    try {
      const fields = (await readFile(`/proc/${p}/stat`, 'utf8')).split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat (12 and 13 after the name), in clock ticks.
      cpu.set(p, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    } catch {
      // the process ended while the tree was read
    }
  }
  return cpu;
}

/** CPU ms per request over a load, split into the main process and its children (the runner workers). */
function cpuPerRequest(pid, before, after, requests) {
  let main = 0;
  let children = 0;
  for (const [p, ms] of after) {
    const used = ms - (before.get(p) ?? 0);
    if (p === pid) main += used;
    else children += used;
  }
  return { cpuMain: main / requests, cpuChildren: children / requests };
}

function sampleRss(pid) {
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      peak = Math.max(peak, await treeRss(pid));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return peak;
  };
}

async function load(url, { method = 'POST', body = PAYLOAD, duration = DURATION } = {}) {
  const result = await autocannon({
    url,
    method,
    body,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + (result.non2xx ?? 0),
    total: result.requests.total,
  };
}

async function measure(label, pid, url, options) {
  await load(url, { ...options, duration: 2 }); // warm-up
  const stop = sampleRss(pid);
  const cpuBefore = await treeCpu(pid);
  const figures = await load(url, options);
  const cpu = cpuPerRequest(pid, cpuBefore, await treeCpu(pid), figures.total);
  return { label, ...figures, ...cpu, rssMb: (await stop()) / 1024 / 1024 };
}

/** Scriptgate's figures over Express's, measured in the same round. */
function ratios(scriptgate, express) {
  return {
    rps: scriptgate.rps / express.rps,
    p99: scriptgate.p99 / express.p99,
    cpu: (scriptgate.cpuMain + scriptgate.cpuChildren) / (express.cpuMain + express.cpuChildren),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The node flags `npm start` gives the server (package.json), so that the bench measures what users run. */
const START_FLAGS = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((arg) => arg.startsWith('--'));

/** Node with `flags` (Express and the floor: only what isolated-vm needs, as a bare app is run). */
function spawnNode(args, env, flags = ['--no-node-snapshot']) {
  return spawn(process.execPath, [...flags, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'scriptgate-bench-'));
  const sgPort = await freePort();
  const exPort = await freePort();
  const sg = spawnNode(
    ['server/dist/main.js'],
    {
      PORT: String(sgPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      // The async row measures how fast runs are accepted: its 12 s of calls queue ~40,000 runs,
      // past the default per-endpoint bound (10,000), which would turn the row into refusals.
      ENDPOINT_MAX_QUEUED: '1000000',
      ...(process.env.RUNNER_WORKERS ? { RUNNER_WORKERS: process.env.RUNNER_WORKERS } : {}),
      ...(process.env.SQLITE_THREAD ? { SQLITE_THREAD: process.env.SQLITE_THREAD } : {}),
    },
    START_FLAGS,
  );
  const ex = spawnNode(['bench/express-echo.mjs'], { PORT: String(exPort) });
  const floors = [];
  if (FLOOR) {
    for (const [parts, label] of FLOOR_PARTS) {
      const port = await freePort();
      const dir = await mkdtemp(join(tmpdir(), 'scriptgate-floor-'));
      const child = spawnNode(['bench/floor-server.mjs'], {
        PORT: String(port),
        DATA_DIR: dir,
        FLOOR_PARTS: parts,
        ...(process.env.RUNNER_WORKERS ? { RUNNER_WORKERS: process.env.RUNNER_WORKERS } : {}),
      });
      floors.push({ label, child, dir, url: `http://127.0.0.1:${port}/api/webrequest/echo`, best: undefined });
    }
  }
  const sgUrl = `http://127.0.0.1:${sgPort}`;
  const exUrl = `http://127.0.0.1:${exPort}`;
  try {
    await Promise.all([waitReady(`${sgUrl}/readyz`), waitReady(`${exUrl}/healthz`)]);
    for (const floor of floors) await waitReady(floor.url);
    const session = await fetch(`${sgUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = session.headers.get('set-cookie').split(';')[0];
    const { csrfToken } = await session.json();
    for (const [slug, code] of Object.entries(SCENARIOS)) {
      const res = await fetch(`${sgUrl}/api/admin/endpoints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ slug, code }),
      });
      if (res.status !== 201) throw new Error(`create ${slug}: ${res.status} ${await res.text()}`);
    }

    const rows = [];
    // This machine's speed drifts between runs (shared host): the echo pair is measured in
    // alternating rounds and the best round of each is kept, so the ratio compares like with like.
    const best = (a, b) => (!a || b.rps > a.rps ? b : a);
    let expressEcho;
    let scriptgateEcho;
    // Each round's own ratios too: the machine's speed moves between rounds, for Express as well.
    const pairs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const express = await measure('express  sync JSON echo', ex.pid, `${exUrl}/echo`);
      const scriptgate = await measure('scriptgate sync JSON echo', sg.pid, `${sgUrl}/api/webrequest/echo`);
      pairs.push(ratios(scriptgate, express));
      expressEcho = best(expressEcho, express);
      scriptgateEcho = best(scriptgateEcho, scriptgate);
      for (const floor of floors) floor.best = best(floor.best, await measure(floor.label, floor.child.pid, floor.url));
    }
    rows.push(expressEcho, scriptgateEcho);
    if (!ECHO_ONLY) {
      rows.push(await measure('express  CPU-bound (200k iterations)', ex.pid, `${exUrl}/cpu`));
      rows.push(await measure('scriptgate CPU-bound (200k iterations)', sg.pid, `${sgUrl}/api/webrequest/cpu`));
      rows.push(
        await measure('scriptgate async echo (enqueue rate)', sg.pid, `${sgUrl}/api/webrequest/echo?async=true`),
      );
    }

    const queued = await fetch(`${sgUrl}/metrics`).then((r) => r.text());
    const depth = /scriptgate_queue_depth (\d+)/.exec(queued)?.[1];

    console.log(
      `\nScriptgate benchmark — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    );
    console.log(
      `autocannon: ${CONNECTIONS} connections, ${DURATION}s per row (after 2s warm-up), 127.0.0.1, payload ${PAYLOAD.length} B; echo rows: best of ${ROUNDS} alternating rounds\n`,
    );
    console.log(`scriptgate: node ${START_FLAGS.join(' ')} (as npm start); express: node --no-node-snapshot\n`);
    console.log('| scenario | req/s | p50 ms | p99 ms | errors | CPU ms/req (server + workers) | peak RSS MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const cpuCell = (r) =>
      r.cpuChildren > 0.001
        ? `${(r.cpuMain + r.cpuChildren).toFixed(3)} (${r.cpuMain.toFixed(3)} + ${r.cpuChildren.toFixed(3)})`
        : r.cpuMain.toFixed(3);
    for (const r of rows) {
      console.log(
        `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${cpuCell(r)} | ${r.rssMb.toFixed(0)} |`,
      );
    }
    const ratio = (a, b) => (rows[a].rps / rows[b].rps).toFixed(2);
    const cpu = (r) => r.cpuMain + r.cpuChildren;
    console.log(
      `\nsync echo: scriptgate / express = ${ratio(1, 0)}× req/s (target ≥ 0.8×), p99 ${(rows[1].p99 / rows[0].p99).toFixed(2)}× (target ≤ 1.5×), CPU per request ${(cpu(rows[1]) / cpu(rows[0])).toFixed(2)}× (target ≤ 2×)`,
    );
    console.log(
      `per round (scriptgate / express in the same round): ${pairs.map((p) => `${p.rps.toFixed(2)}× req/s, p99 ${p.p99.toFixed(2)}×, CPU ${p.cpu.toFixed(2)}×`).join('; ')}` +
        `; median ${median(pairs.map((p) => p.rps)).toFixed(2)}× req/s, p99 ${median(pairs.map((p) => p.p99)).toFixed(2)}×, CPU ${median(pairs.map((p) => p.cpu)).toFixed(2)}×`,
    );
    if (floors.length > 0) {
      console.log('\n| floor (bench/floor-server.mjs) | req/s | × express | p99 ms | CPU ms/req (server + workers) |');
      console.log('|---|---:|---:|---:|---:|');
      for (const { best: r } of floors) {
        console.log(
          `| ${r.label} | ${r.rps.toFixed(0)} | ${(r.rps / rows[0].rps).toFixed(2)} | ${r.p99} | ${cpuCell(r)} |`,
        );
      }
    }
    if (!ECHO_ONLY) {
      console.log(`CPU-bound: scriptgate / express = ${ratio(3, 2)}×`);
      console.log(`async queue depth right after the enqueue run: ${depth ?? 'n/a'} (drained in the background)`);
    }
  } finally {
    sg.kill('SIGTERM');
    ex.kill('SIGTERM');
    for (const floor of floors) floor.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
    for (const floor of floors) await rm(floor.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
