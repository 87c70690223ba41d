// The chaos proof (`npm run chaos`, and its short version in test/integration/chaos.test.ts):
// the real server under sync and async load, killed with `kill -9` and stopped with SIGTERM to
// its whole process group at random moments, restarted each time on the same DATA_DIR and port;
// then every 202 the client was given is followed to a final state.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptedRuns, adminClient, settle, storeByRid, syncOutcome } from './chaos-check.mjs';
import { createLoad, KINDS, SCENARIO } from './chaos-load.mjs';
import { figuresOf } from './chaos-report.mjs';
import { createServerControl, killAllServers, stablePort } from './chaos-server.mjs';

export { formatReport } from './chaos-report.mjs';

const ADMIN = { email: 'chaos@example.test', password: 'chaos-password-1' };
const LOAD_AFTER_LAST_RESTART_MS = 2000;
const DEFAULTS = {
  seconds: 60,
  kills: 10,
  terms: 3,
  clients: 4,
  settleSeconds: 90,
  keyedShare: 0.3,
  repeatsPerRestart: 5,
  shutdownGraceMs: 10_000,
  logFile: null,
  progress: () => {},
};

/** A small seeded generator (mulberry32), so a run's choices can be replayed with CHAOS_SEED. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(items, random) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// If the process ends mid-run (Ctrl-C, an uncaught error), no server group and no data
// directory may outlive it: an `exit` handler is the last place that can still do it, synchronously.
const liveDirs = new Set();
process.on('exit', () => abortChaos());

/**
 * Kills every server a run started and removes its data directory, at once; a run still going
 * then fails instead of restarting its server. For a caller that gives up on a run (a test's
 * timeout) and for the process's exit.
 */
export function abortChaos() {
  killAllServers({ refuseMore: true });
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

/**
 * Runs the chaos and returns its figures (see chaos-report.mjs). Options: `seconds` of load,
 * `kills` (kill -9 of the server), `terms` (SIGTERM to the group), `clients`, `settleSeconds`
 * (bound on the final wait), `seed`, `shutdownGraceMs`, `logFile` (the client log as JSON
 * lines), `progress(line)`.
 */
export async function runChaos(options = {}) {
  const o = { ...DEFAULTS, seed: Math.floor(Math.random() * 2 ** 31), ...options };
  const random = seeded(o.seed);
  const dataDir = await mkdtemp(join(tmpdir(), 'scriptgate-chaos-'));
  liveDirs.add(dataDir);
  const port = await stablePort(random);
  const server = createServerControl({
    port,
    env: {
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RUNNER_WORKERS: '2',
      SHUTDOWN_GRACE_MS: String(o.shutdownGraceMs),
      LOG_LEVEL: 'warn',
    },
  });
  const findings = [];
  try {
    o.progress(`seed ${o.seed}; server on 127.0.0.1:${port}, DATA_DIR ${dataDir}`);
    await server.start();
    const admin = await adminClient(server.base, ADMIN);
    for (const { slug } of Object.values(KINDS)) await admin.post('/endpoints', { slug, code: SCENARIO });

    const load = createLoad({
      base: server.base,
      random,
      clients: o.clients,
      keyedShare: o.keyedShare,
      runTag: randomBytes(3).toString('hex'),
    });
    const startedAt = Date.now();
    load.start();
    const stops = await unleash(server, load, o, random, startedAt, findings);
    // The load goes on a little after the last restart, so the server recovers under load too.
    const lastReadyAt = stops.at(-1)?.readyAt ?? startedAt;
    await sleep(Math.max(startedAt + o.seconds * 1000, lastReadyAt + LOAD_AFTER_LAST_RESTART_MS) - Date.now());
    await load.stop();
    const loadSeconds = (Date.now() - startedAt) / 1000;
    o.progress(`load stopped after ${loadSeconds.toFixed(1)} s; retrying keyed requests still unanswered`);
    for (let round = 0; round < 3 && load.unanswered().length > 0; round++) await load.repeatKeyed(0);

    const runs = acceptedRuns(load.log);
    o.progress(`following ${runs.size} accepted async runs to a final state (at most ${o.settleSeconds} s)`);
    const settled = await settle(runs, Date.now() + o.settleSeconds * 1000);
    const reader = await adminClient(server.base, ADMIN);
    const store = await storeByRid(reader);
    for (const stop of stops) {
      stop.syncOutcomes = [];
      for (const entry of stop.inFlight.filter((e) => e.kind === 'sync')) {
        stop.syncOutcomes.push(await syncOutcome(entry, reader));
      }
    }
    if (o.logFile) await writeFile(o.logFile, load.log.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
    return figuresOf({
      options: o,
      port,
      dataDir,
      serverPids: server.figures.pids,
      loadSeconds,
      log: load.log,
      runs,
      settled,
      store,
      stops,
      findings,
      lingeringWorkerGroups: await server.stop().then(() => server.figures.lingeringWorkerGroups),
    });
  } catch (err) {
    err.message += `\nlast server output:\n${server.outputTail()}`;
    throw err;
  } finally {
    await server.stop();
    killAllServers();
    await rm(dataDir, { recursive: true, force: true });
    liveDirs.delete(dataDir);
  }
}

/**
 * The stops: `kills` kill -9 and `terms` group SIGTERMs in a random order, each at a random
 * moment of its share of the run, but never before the server has served for a moment (from
 * right after recovery to 1.5 s later) — then a restart, and the retrying client's repeats.
 */
async function unleash(server, load, o, random, startedAt, findings) {
  const plan = shuffled([...Array(o.kills).fill('kill -9'), ...Array(o.terms).fill('group SIGTERM')], random);
  const slotMs = (o.seconds * 1000) / (plan.length + 1);
  const stops = [];
  const repeats = [];
  let readyAt = Date.now();
  for (const [i, type] of plan.entries()) {
    const target = startedAt + slotMs * (i + 1) + (random() - 0.5) * slotMs * 0.6;
    await sleep(Math.max(target, readyAt + 300 + random() * 1200) - Date.now());
    const at = Date.now();
    const inFlight = load.snapshot();
    let exit;
    if (type === 'kill -9') {
      exit = await server.kill9();
    } else {
      exit = await server.groupTerm(o.shutdownGraceMs + 15_000);
      if (exit.forced) findings.push(`a group SIGTERM did not stop the server within the grace + 15 s; killed`);
      else if (exit.code !== 0) findings.push(`a group SIGTERM ended the server with code ${exit.code}`);
    }
    await restart(server, findings);
    readyAt = Date.now();
    const stop = {
      type,
      atSeconds: (at - startedAt) / 1000,
      inFlight,
      exit,
      downMs: readyAt - at,
      readyAt,
    };
    stops.push(stop);
    o.progress(
      `${stop.atSeconds.toFixed(1)} s: ${type} with ${inFlight.length} requests in flight; ready again after ${stop.downMs} ms`,
    );
    repeats.push(load.repeatKeyed(o.repeatsPerRestart));
  }
  await Promise.all(repeats);
  return stops;
}

async function restart(server, findings) {
  for (let tries = 1; ; tries++) {
    try {
      return await server.start();
    } catch (err) {
      if (tries === 3) throw err;
      findings.push(`a restart failed (${String(err.message).split('\n')[0]}); tried again`);
      await sleep(1000);
    }
  }
}
