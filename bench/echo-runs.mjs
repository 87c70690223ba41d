// The echo run two ways, shared by the floor (floor-server.mjs) and the runner-alone bench
// (runner.mjs): through Scriptgate's runner pool and sandbox, or through the floor's bare
// worker processes (floor-worker.mjs: one `applySync` per run). Both answer a run with the
// scenario's JSON text.
import { fork } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ECHO = 'export default (request) => ({ ok: true, echo: request.body })';
const LIMITS = {
  timeoutMs: 60_000,
  cpuMs: 60_000,
  memoryMb: 64,
  maxLogLines: 1000,
  maxLogBytes: 262_144,
  maxResultBytes: 5_242_880,
};

/** Items handed on as one batch at the end of the event loop's turn. */
export function perTurn(send) {
  let queue = [];
  return (item) => {
    queue.push(item);
    if (queue.length > 1) return;
    setImmediate(() => {
      const batch = queue;
      queue = [];
      send(batch);
    });
  };
}

/** Scriptgate's runner pool with `workers` workers; `run(id, request)` runs the echo as run `id`. */
export async function startEchoPool(workers) {
  const runner = await import(join(root, 'runner/dist/index.js'));
  const compiled = runner.compileScenario(ECHO, 'javascript');
  if (!compiled.ok) throw new Error('the echo did not compile');
  const pool = runner.createRunnerPool({ workers });
  await pool.ready();
  return {
    close: () => pool.close(),
    async run(id, request) {
      const outcome = await pool.run({
        runId: id,
        scenario: { id: 'echo', version: 1, code: compiled.js },
        request,
        ctx: {
          event: { id, type: '$webRequest', async: false },
          script: { id: 'echo', version: 1 },
          process: { id, attempt: 1 },
          user: null,
          secrets: {},
        },
        limits: LIMITS,
      });
      if (!outcome.ok) throw new Error(`run failed: ${JSON.stringify(outcome.error)}`);
      return outcome.result.json;
    },
  };
}

/** The floor's bare workers, runs handed out in turn and sent once per turn of the event loop. */
export function startFloorWorkers(workers) {
  const children = [];
  const senders = [];
  const waiting = new Map();
  let nextId = 0;
  for (let i = 0; i < workers; i++) {
    const child = fork(join(root, 'bench/floor-worker.mjs'), [], {
      execArgv: ['--no-node-snapshot'],
      serialization: 'json',
    });
    child.on('message', (answers) => {
      for (const { id, json } of answers) {
        waiting.get(id)(json);
        waiting.delete(id);
      }
    });
    children.push(child);
    senders.push(perTurn((runs) => child.send(runs)));
  }
  return {
    pids: children.map((child) => child.pid),
    close: () => Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve).kill()))),
    run: (request) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        senders[id % workers]({ id, request });
      }),
  };
}
