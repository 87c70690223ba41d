// The server under chaos: the real `server/dist/main.js`, spawned as the leader of its own
// process group so that a group signal reaches it and its runner workers together (as systemd,
// Ctrl-C in a terminal and `docker stop` with an init deliver it), killed, restarted on the same
// DATA_DIR and port, and never left behind.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../server/dist/main.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_LINES = 60;

/** Every group leader spawned and not yet known to be gone (with its workers), across runs. */
const liveGroups = new Set();
let refusing = false;

/**
 * Kills every server group still alive; synchronous, so it also works from an `exit` handler.
 * `refuseMore`: no server is started after this (a run abandoned by its caller must not restart one).
 */
export function killAllServers({ refuseMore = false } = {}) {
  if (refuseMore) refusing = true;
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  }
  liveGroups.clear();
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canListen(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free port below Linux's ephemeral range (32768–60999): a port from that range could be
 * handed to another program's outgoing connection while the server is down between a kill
 * and its restart, and the restart would then fail with EADDRINUSE.
 */
export async function stablePort(random) {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found in 20000–31999');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts, kills and restarts one server. `env` is the server's whole environment besides PATH.
 * Figures it keeps: restarts, how long each took, and worker groups that outlived their server.
 */
export function createServerControl({ port, env }) {
  const base = `http://127.0.0.1:${port}`;
  let current = null;
  const tail = [];
  const figures = { starts: 0, lingeringWorkerGroups: 0, pids: [] };
  const reaping = [];

  function keepTail(stream) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      }
    });
  }

  function spawnServer() {
    if (refusing) throw new Error('the chaos run was aborted: no server is started any more');
    const child = spawn(process.execPath, ['--no-node-snapshot', MAIN], {
      env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    liveGroups.add(child.pid);
    figures.pids.push(child.pid);
    keepTail(child.stdout);
    keepTail(child.stderr);
    const exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    });
    return { child, pid: child.pid, exited };
  }

  async function waitReady(server) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let gone = false;
    void server.exited.then(() => (gone = true));
    while (Date.now() < deadline && !gone) {
      const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
      if (ready?.ok) return;
      await sleep(50);
    }
    throw new Error(
      `the server did not become ready (${gone ? 'it exited' : 'timed out'}); its last output:\n${tail.join('\n')}`,
    );
  }

  /**
   * Its workers must stop once their server is gone; a group that still has members a few
   * seconds after its leader died is counted and then killed, so nothing is left behind.
   */
  async function reapGroup(pid) {
    for (let waited = 0; waited < 5000; waited += 100) {
      if (!groupAlive(pid)) {
        liveGroups.delete(pid);
        return;
      }
      await sleep(100);
    }
    figures.lingeringWorkerGroups++;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    liveGroups.delete(pid);
  }

  return {
    base,
    figures,
    outputTail: () => tail.join('\n'),
    /** Starts the server and resolves once `/readyz` answers 200; returns how long that took. */
    async start() {
      const startedAt = Date.now();
      const server = spawnServer();
      current = server;
      figures.starts++;
      try {
        await waitReady(server);
      } catch (err) {
        // A server that never became ready must not stay around to hold the port.
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          // it exited by itself
        }
        await server.exited;
        liveGroups.delete(server.pid);
        throw err;
      }
      return Date.now() - startedAt;
    },
    /** `kill -9` on the server process alone (its workers are left to notice). */
    async kill9() {
      const server = current;
      process.kill(server.pid, 'SIGKILL');
      const exit = await server.exited;
      reaping.push(reapGroup(server.pid));
      return exit;
    },
    /**
     * SIGTERM to the whole process group. Resolves with how it ended: exit code and how long
     * the stop took; `forced` when it had not exited after `boundMs` and was killed.
     */
    async groupTerm(boundMs) {
      const server = current;
      const sentAt = Date.now();
      process.kill(-server.pid, 'SIGTERM');
      const timer = new Promise((resolve) => setTimeout(() => resolve(null), boundMs));
      let exit = await Promise.race([server.exited, timer]);
      const forced = exit === null;
      if (forced) {
        process.kill(-server.pid, 'SIGKILL');
        exit = await server.exited;
      }
      reaping.push(reapGroup(server.pid));
      return { ...exit, forced, stopMs: exit.at - sentAt };
    },
    /** Stops the last server (SIGTERM to its group, then SIGKILL) and waits for its group to empty. */
    async stop() {
      await Promise.all(reaping);
      if (!current) return;
      const server = current;
      current = null;
      if (groupAlive(server.pid)) {
        try {
          process.kill(-server.pid, 'SIGTERM');
        } catch {
          // gone meanwhile
        }
        await Promise.race([server.exited, sleep(15_000)]);
      }
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
      liveGroups.delete(server.pid);
    },
  };
}
