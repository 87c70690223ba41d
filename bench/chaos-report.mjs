// The chaos figures, from the client's own log and what it then read back, and their printout.
import { cpus, totalmem } from 'node:os';
import { FINAL } from './chaos-check.mjs';

function tally(values) {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function parseBody(body) {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function answerOf(entry) {
  if (entry.connectionError) return `connection error (${entry.connectionError})`;
  return `${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}`;
}

/** Async runs: what became of every 202 (lost, stuck, re-executed, how long it took). */
function asyncFigures(runs, settled) {
  const lost = [];
  const statuses = [];
  const interrupted = [];
  const completionMs = [];
  let reExecuted = 0;
  let mismatched = 0;
  let attemptDisagrees = 0;
  for (const run of runs.values()) {
    const view = settled.views.get(run.processId);
    if (view?.vanished) {
      lost.push(`${run.processId}: its status URL answers 404`);
      continue;
    }
    if (!view || !FINAL.has(view.status)) continue;
    statuses.push(view.status);
    // Nobody cancels during the chaos: a cancelled run was dropped by a stop, never to run.
    if (view.status === 'cancelled') lost.push(`${run.processId}: cancelled (${view.error?.message ?? 'no reason'})`);
    if (view.status === 'interrupted')
      interrupted.push(`attempt ${view.attempt}: ${view.error?.message ?? 'no reason'}`);
    if (view.attempt > 1) reExecuted++;
    if (view.finishedAt) completionMs.push(Date.parse(view.finishedAt) - run.sentAt);
    if (view.status === 'succeeded') {
      const result = parseBody(view.response?.body);
      if (result?.rid !== run.rid) mismatched++;
      if (result?.attempt != null && result.attempt !== view.attempt) attemptDisagrees++;
    }
  }
  completionMs.sort((a, b) => a - b);
  return {
    accepted: runs.size,
    finished: statuses.length,
    lost,
    stuck: settled.stuck.map((run) => `${run.processId}: ${settled.views.get(run.processId)?.status ?? 'no answer'}`),
    reExecuted,
    finalStatuses: tally(statuses),
    interrupted: tally(interrupted),
    completionMs: { p50: percentile(completionMs, 50), p99: percentile(completionMs, 99), max: completionMs.at(-1) },
    mismatched,
    attemptDisagrees,
  };
}

/** Keyed requests: one process per key, and what a repeat was answered. */
function keyFigures(log, store) {
  const keyed = log.filter((e) => e.key);
  const repeats = keyed.filter((e) => e.repeat);
  const duplicated = [];
  for (const rid of new Set(keyed.map((e) => e.rid))) {
    const seen = new Set(
      keyed.filter((e) => e.rid === rid && e.processId && !e.connectionError).map((e) => e.processId),
    );
    for (const record of store.byRid.get(rid) ?? []) seen.add(record.id);
    if (seen.size > 1) duplicated.push(`${rid}: ${[...seen].join(', ')}`);
  }
  const firstAnswer = new Map();
  for (const e of keyed) if (!e.repeat && e.status === 202 && !e.connectionError) firstAnswer.set(e.rid, e.processId);
  const repeatsOfAccepted = repeats.filter((e) => firstAnswer.has(e.rid) && e.status === 202 && !e.connectionError);
  return {
    requests: new Set(keyed.map((e) => e.rid)).size,
    repeats: repeats.length,
    repeatAnswers: tally(repeats.map(answerOf)),
    replayedSameId: repeatsOfAccepted.filter((e) => e.processId === firstAnswer.get(e.rid) && e.replayed).length,
    repeatsOfAccepted: repeatsOfAccepted.length,
    duplicated,
  };
}

export function figuresOf({
  options,
  port,
  dataDir,
  serverPids,
  loadSeconds,
  log,
  runs,
  settled,
  store,
  stops,
  findings,
  lingeringWorkerGroups,
}) {
  const asyncRuns = asyncFigures(runs, settled);
  const keys = keyFigures(log, store);
  // Any other process the store holds for a request id (a run is one request) is a second run.
  for (const [rid, records] of store.byRid) {
    if (records.length > 1 && !log.some((e) => e.rid === rid && e.key)) {
      keys.duplicated.push(`${rid} (no key): ${records.map((r) => r.id).join(', ')}`);
    }
  }
  const notFinal = store.all.filter((r) => !FINAL.has(r.status)).map((r) => `${r.id} (${r.mode}): ${r.status}`);
  const sync = log.filter((e) => e.kind === 'sync');
  const wrongSync = sync.filter((e) => e.status === 200 && e.resultRid !== e.rid).length;
  const timedOut = log.filter((e) => e.connectionError === 'TimeoutError').length;
  const out = [...findings];
  // A group SIGTERM must let the sync runs in flight finish; one refused before it ran (503) is fine.
  for (const stop of stops.filter((s) => s.type === 'group SIGTERM')) {
    const cut = stop.syncOutcomes.filter((o) => /^5(0[0-24-9]|[1-9])|→ (interrupted|cancelled|failed|timeout)/.test(o));
    if (cut.length > 0) out.push(`sync runs in flight at a group SIGTERM that did not finish: ${cut.join('; ')}`);
  }
  if (lingeringWorkerGroups > 0) out.push(`${lingeringWorkerGroups} worker group(s) outlived their server by 5 s`);
  if (timedOut > 0) out.push(`${timedOut} request(s) got no answer within 30 s`);
  if (asyncRuns.attemptDisagrees > 0)
    out.push(`${asyncRuns.attemptDisagrees} run(s) saw a ctx.process.attempt unlike the record's`);
  if (keys.repeatsOfAccepted > keys.replayedSameId) {
    out.push(
      `${keys.repeatsOfAccepted - keys.replayedSameId} repeat(s) of an accepted keyed request not replayed with Idempotent-Replayed and the same X-Process-Id`,
    );
  }
  const mismatched = asyncRuns.mismatched + wrongSync;
  return {
    seed: options.seed,
    port,
    dataDir,
    serverPids,
    settings: { seconds: options.seconds, kills: options.kills, terms: options.terms, clients: options.clients },
    loadSeconds,
    sent: log.length,
    syncAnswers: tally(sync.map(answerOf)),
    asyncAnswers: tally(log.filter((e) => e.kind !== 'sync').map(answerOf)),
    ...asyncRuns,
    mismatched,
    keys,
    duplicated: keys.duplicated.length,
    notFinalInStore: notFinal,
    stops: stops.map(({ type, atSeconds, inFlight, exit, downMs, syncOutcomes }) => ({
      type,
      atSeconds,
      inFlight: inFlight.length,
      exit: { code: exit.code, signal: exit.signal, stopMs: exit.stopMs ?? null },
      downMs,
      syncOutcomes,
    })),
    findings: out,
    ok:
      asyncRuns.lost.length === 0 &&
      asyncRuns.stuck.length === 0 &&
      keys.duplicated.length === 0 &&
      mismatched === 0 &&
      notFinal.length === 0,
  };
}

const list = (counts) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => `${what}: ${n}`)
    .join(', ') || '—';

/** The printout of `runChaos`'s figures. */
export function formatReport(f) {
  const kills = f.stops.filter((s) => s.type === 'kill -9');
  const terms = f.stops.filter((s) => s.type === 'group SIGTERM');
  const atStops = (stops) => list(tally(stops.flatMap((s) => s.syncOutcomes)));
  const down = f.stops.map((s) => s.downMs);
  const lines = [
    `Scriptgate chaos — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    `seed ${f.seed}, ${f.settings.clients} clients, ${f.loadSeconds.toFixed(0)} s of load (CHAOS_SECONDS ${f.settings.seconds})`,
    `stops: ${kills.length} × kill -9, ${terms.length} × SIGTERM to the process group; back up after ${Math.min(...down)}–${Math.max(...down)} ms`,
    `group SIGTERM stops: ${terms.map((s) => `exit ${s.exit.code ?? s.exit.signal} after ${s.exit.stopMs} ms`).join(', ') || '—'}`,
    `requests sent: ${f.sent}`,
    `  sync answers: ${list(f.syncAnswers)}`,
    `  async answers: ${list(f.asyncAnswers)}`,
    '',
    `accepted (distinct 202s): ${f.accepted}`,
    `finished:    ${f.finished}   (${list(f.finalStatuses)})`,
    `lost:        ${f.lost.length}`,
    `stuck:       ${f.stuck.length}`,
    `re-executed: ${f.reExecuted}   (attempt > 1)`,
    `interrupted: ${list(f.interrupted)}`,
    `duplicated:  ${f.duplicated}   (${f.keys.requests} keyed requests, ${f.keys.repeats} repeats: ${list(f.keys.repeatAnswers)}; ${f.keys.replayedSameId}/${f.keys.repeatsOfAccepted} repeats of accepted ones replayed with the same X-Process-Id)`,
    `mismatched results: ${f.mismatched}`,
    `time to completion (202 sent → finishedAt): p50 ${f.completionMs.p50} ms, p99 ${f.completionMs.p99} ms, longest ${f.completionMs.max} ms`,
    `records not final in the store: ${f.notFinalInStore.length}`,
    `sync requests in flight at a kill -9 (${kills.reduce((n, s) => n + s.syncOutcomes.length, 0)}): ${atStops(kills)}`,
    `sync requests in flight at a group SIGTERM (${terms.reduce((n, s) => n + s.syncOutcomes.length, 0)}): ${atStops(terms)}`,
  ];
  const detail = [
    ['lost', f.lost],
    ['stuck', f.stuck],
    ['duplicated', f.keys.duplicated],
    ['not final in the store', f.notFinalInStore],
  ];
  for (const [name, items] of detail) {
    if (items.length > 0) lines.push(`${name}:`, ...items.slice(0, 20).map((item) => `  ${item}`));
  }
  if (f.findings.length > 0) lines.push('findings:', ...f.findings.map((finding) => `  - ${finding}`));
  lines.push('', f.ok ? 'PASS: nothing lost, stuck or duplicated' : 'FAIL');
  return lines.join('\n');
}
