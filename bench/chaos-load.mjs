// The chaos clients: a few callers driving sync and async load, every request and every answer
// written to the client's own log. The final check trusts this log, not the server's word.

/** The three endpoints the load calls; `ms` is how long the scenario waits (chosen per request). */
export const KINDS = {
  sync: { slug: 'chaos-sync', async: false, ms: [20, 400] },
  quick: { slug: 'chaos-quick', async: true, ms: [0, 0] },
  slow: { slug: 'chaos-slow', async: true, ms: [200, 800] },
};

/** Every scenario echoes its request id (the check compares it) and the attempt it ran as. */
export const SCENARIO = `export default async (request, ctx) => {
  const ms = Number(request.query.ms) || 0;
  if (ms > 0) await new Promise((done) => setTimeout(done, ms));
  return { rid: request.query.rid, attempt: ctx.process.attempt ?? null };
}`;

const MIX = { sync: 0.4, quick: 0.4 };
const THINK_MS = 200;
const REQUEST_TIMEOUT_MS = 30_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function describeError(err) {
  const cause = err?.cause;
  return String(cause?.code ?? cause?.message ?? err?.name ?? err);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * `clients` callers, each sending one request at a time with a short random pause between them.
 * A share (`keyedShare`) of the async calls carry an `Idempotency-Key`; `repeatKeyed` sends some
 * of them again, as a client retrying after a lost connection does.
 */
export function createLoad({ base, random, clients, keyedShare, runTag }) {
  /** One entry per request sent (a repeat is an entry of its own, with the same `rid`). */
  const log = [];
  /** rid → what was asked (kind, ms, key), so that a repeat is the same request. */
  const requests = new Map();
  const inFlight = new Set();
  let counter = 0;
  let stopped = false;
  let loops = [];

  function newRequest() {
    const roll = random();
    const kind = roll < MIX.sync ? 'sync' : roll < MIX.sync + MIX.quick ? 'quick' : 'slow';
    const spec = KINDS[kind];
    const rid = `${runTag}-${String(++counter).padStart(6, '0')}`;
    const ms = spec.ms[0] + Math.floor(random() * (spec.ms[1] - spec.ms[0] + 1));
    const key = spec.async && random() < keyedShare ? `chaos-${rid}` : null;
    const request = { rid, kind, ms, key };
    requests.set(rid, request);
    return request;
  }

  async function send(request, repeat = false) {
    const spec = KINDS[request.kind];
    const query = `rid=${request.rid}&ms=${request.ms}${spec.async ? '&async=1' : ''}`;
    const entry = {
      ...request,
      repeat,
      sentAt: Date.now(),
      endedAt: null,
      status: null,
      processId: null,
      statusUrl: null,
      replayed: false,
      errorCode: null,
      resultRid: null,
      connectionError: null,
    };
    log.push(entry);
    inFlight.add(entry);
    try {
      const res = await fetch(`${base}/api/webrequest/${spec.slug}?${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(request.key ? { 'idempotency-key': request.key } : {}),
        },
        body: JSON.stringify({ rid: request.rid }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      entry.status = res.status;
      entry.processId = res.headers.get('x-process-id');
      entry.replayed = res.headers.get('idempotent-replayed') === 'true';
      const body = parseJson(await res.text());
      if (res.status === 202) {
        entry.statusUrl = body?.statusUrl ?? null;
        entry.processId ??= body?.processId ?? null;
      } else if (res.status >= 400) {
        entry.errorCode = body?.error?.code ?? null;
      } else {
        entry.resultRid = body?.rid ?? null;
      }
    } catch (err) {
      entry.connectionError = describeError(err);
    } finally {
      entry.endedAt = Date.now();
      inFlight.delete(entry);
    }
    return entry;
  }

  async function client() {
    while (!stopped) {
      const entry = await send(newRequest());
      // While the server is down, back off a little instead of spinning on refused connections.
      const down = entry.connectionError !== null || entry.status === 503;
      await sleep(down ? 100 + random() * 150 : random() * THINK_MS);
    }
  }

  /** Keyed async requests that have no 202 yet (their answer was lost or refused). */
  function unanswered() {
    const accepted = new Set(log.filter((e) => e.status === 202 && !e.connectionError).map((e) => e.rid));
    return [...requests.values()].filter((r) => r.key && !accepted.has(r.rid));
  }

  return {
    log,
    start() {
      loops = Array.from({ length: clients }, () => client());
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
    /** The requests on the wire at this moment (the entries fill in as their answers come). */
    snapshot() {
      return [...inFlight];
    },
    /**
     * The retrying client: every keyed request still without a 202, and up to `sample` keyed
     * requests that were accepted, sent again with the same key, method, query and body.
     */
    async repeatKeyed(sample) {
      const pending = unanswered();
      const acceptedKeyed = log.filter((e) => e.key && e.status === 202 && !e.repeat && !e.connectionError);
      for (let i = 0; i < sample && acceptedKeyed.length > 0; i++) {
        const [picked] = acceptedKeyed.splice(Math.floor(random() * acceptedKeyed.length), 1);
        pending.push(requests.get(picked.rid));
      }
      for (const request of pending) await send(request, true);
    },
    unanswered,
  };
}
