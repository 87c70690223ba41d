#!/usr/bin/env node
// `npm run chaos`: the chaos proof (bench/chaos-driver.mjs) with its knobs from the environment.
// Unlike the benchmark it is pass/fail: exit 1 when an accepted async run was lost or stuck, a
// request ran twice, or a result came back for the wrong request.
import { formatReport, runChaos } from './chaos-driver.mjs';

const number = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number ≥ 0 (got "${raw}")`);
    process.exit(2);
  }
  return value;
};

// Ctrl-C or a stop signal: exit, and the driver's exit handler kills every server it started
// and removes its data directory.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and removing the data directory`);
    process.exit(130);
  });
}

const options = {
  seconds: number('CHAOS_SECONDS', 60),
  kills: number('CHAOS_KILLS', 10),
  terms: number('CHAOS_TERMS', 3),
  clients: Math.max(1, number('CHAOS_CLIENTS', 4)),
  settleSeconds: number('CHAOS_SETTLE_SECONDS', 90),
  shutdownGraceMs: number('SHUTDOWN_GRACE_MS', 10_000),
  logFile: process.env.CHAOS_LOG || null,
  progress: (line) => console.error(`[chaos] ${line}`),
};
const seed = number('CHAOS_SEED', -1);
if (seed >= 0) options.seed = seed;

try {
  const figures = await runChaos(options);
  console.log(`\n${formatReport(figures)}`);
  process.exit(figures.ok ? 0 : 1);
} catch (err) {
  console.error(`chaos run failed: ${err.stack ?? err}`);
  process.exit(1);
}
