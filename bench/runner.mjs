#!/usr/bin/env node
// The runner alone: the pool, its worker processes and the sandbox, driven in-process with the
// echo scenario (no HTTP, no store), beside the floor's bare worker (floor-worker.mjs: one
// `applySync` per run) driven the same way. Both keep BENCH_IN_FLIGHT runs going over
// BENCH_RUNS runs, in alternating rounds (BENCH_ROUNDS); each row prints runs/s and the CPU
// each run cost the driving process and the workers (all their threads, from /proc/<pid>/task).
// Far less noise than the HTTP bench, so a change in the runner shows here first.
// Figures, not a gate. `npm run build` first.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { startEchoPool, startFloorWorkers } from './echo-runs.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 60_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 48);
const WORKERS = 2;
const CLOCK_TICK_US = 10_000; // /proc stat fields are in clock ticks (USER_HZ = 100)

const body = { name: 'Ann', email: 'ann@example.test', message: 'hello '.repeat(20), n: 42 };
const request = {
  url: 'http://127.0.0.1/api/webrequest/echo',
  method: 'POST',
  path: '/api/webrequest/echo',
  subpath: '',
  headers: { host: '127.0.0.1', 'content-type': 'application/json' },
  cookies: {},
  query: {},
  body,
  rawBody: JSON.stringify(body),
  files: [],
  ip: '127.0.0.1',
};

/** CPU time of a process, all its threads, in µs. */
function cpuOf(pid) {
  let ticks = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * CLOCK_TICK_US;
}

function childPids() {
  return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

async function scriptgateRunner() {
  const before = new Set(childPids());
  const pool = await startEchoPool(WORKERS);
  let next = 0;
  return {
    pids: childPids().filter((pid) => !before.has(pid)),
    stop: pool.close,
    run: () => pool.run(`run-${next++}`, request),
  };
}

async function floorWorkers() {
  const floor = startFloorWorkers(WORKERS);
  return { pids: floor.pids, stop: floor.close, run: () => floor.run(request) };
}

async function measure(label, start) {
  const subject = await start();
  const drive = async (runs) => {
    let started = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (started < runs) {
          started++;
          await subject.run();
        }
      }),
    );
  };
  await drive(Math.min(5000, RUNS)); // warm: JIT, isolates, heap sizes
  const workers0 = subject.pids.map(cpuOf);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await drive(RUNS);
  const seconds = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  const workers = subject.pids.map(cpuOf).reduce((sum, us, i) => sum + us - workers0[i], 0);
  await subject.stop();
  return {
    label,
    runsPerSecond: RUNS / seconds,
    driverUs: (self.user + self.system) / RUNS,
    workersUs: workers / RUNS,
  };
}

console.log(
  `runner alone — ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`${WORKERS} workers, ${IN_FLIGHT} runs in flight, ${RUNS} runs per row, ${ROUNDS} rounds\n`);
const rows = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const [label, start] of [
    ['Scriptgate runner', scriptgateRunner],
    ['floor worker', floorWorkers],
  ]) {
    const row = await measure(label, start);
    rows.push(row);
    console.log(
      `round ${round} ${label.padEnd(18)} ${row.runsPerSecond.toFixed(0).padStart(7)} runs/s  driver ${row.driverUs.toFixed(1).padStart(6)} µs/run  workers ${row.workersUs.toFixed(1).padStart(6)} µs/run`,
    );
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
console.log('\n| median of rounds | runs/s | driver CPU µs/run | workers CPU µs/run |');
console.log('|---|---:|---:|---:|');
for (const label of ['Scriptgate runner', 'floor worker']) {
  const mine = rows.filter((row) => row.label === label);
  console.log(
    `| ${label} | ${median(mine.map((r) => r.runsPerSecond)).toFixed(0)} | ${median(mine.map((r) => r.driverUs)).toFixed(1)} | ${median(mine.map((r) => r.workersUs)).toFixed(1)} |`,
  );
}
process.exit(0);
