// After the chaos: every accepted async run is followed through its status URL to a final state,
// and the store (through the admin API) is read for what the client cannot see on its own:
// duplicates of one request, and how the sync runs cut off by a kill were recorded.

export const FINAL = new Set(['succeeded', 'failed', 'timeout', 'cancelled', 'interrupted']);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function eachLimited(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The async runs the client was told were accepted: processId → its first 202. */
export function acceptedRuns(log) {
  const runs = new Map();
  for (const entry of log) {
    if (entry.status !== 202 || entry.connectionError || !entry.processId) continue;
    const known = runs.get(entry.processId);
    if (known) known.answers++;
    else runs.set(entry.processId, { ...entry, answers: 1 });
  }
  return runs;
}

/**
 * Polls each accepted run's status URL until it is final, vanished (404), or `deadline` passes.
 * Returns processId → the last status JSON (or `{ vanished: true }`) and the runs still not final.
 */
export async function settle(runs, deadline) {
  const views = new Map();
  let pending = [...runs.values()];
  while (pending.length > 0 && Date.now() < deadline) {
    const again = [];
    await eachLimited(pending, 8, async (run) => {
      const res = await fetch(run.statusUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      if (res?.status === 404) {
        views.set(run.processId, { vanished: true });
        await res.body?.cancel();
        return;
      }
      const view = res?.ok ? await res.json().catch(() => null) : null;
      if (view) views.set(run.processId, view);
      if (!view || !FINAL.has(view.status)) again.push(run);
    });
    pending = again;
    if (pending.length > 0) await sleep(500);
  }
  return { views, stuck: pending };
}

/** Signs in to the admin API; `get(path)` answers the parsed JSON (throws on a non-2xx). */
export async function adminClient(base, credentials) {
  const res = await fetch(`${base}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = await res.json();
  async function call(method, path, body) {
    const answer = await fetch(`${base}/api/admin${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

function ridOf(summary) {
  return new URL(summary.request.url, 'http://x').searchParams.get('rid');
}

/** Every process in the store, grouped by the client's request id (from the recorded URL). */
export async function storeByRid(admin) {
  const byRid = new Map();
  const all = [];
  let cursor = null;
  do {
    const page = await admin.get(`/processes?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const item of page.items) {
      all.push(item);
      const rid = ridOf(item);
      if (!rid) continue;
      byRid.set(rid, [...(byRid.get(rid) ?? []), item]);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { byRid, all };
}

/** How a sync request in flight at a stop was answered, and how its process was recorded. */
export async function syncOutcome(entry, admin) {
  const answer = entry.connectionError ? 'cut off' : `${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}`;
  if (entry.processId) {
    const record = await admin.get(`/processes/${entry.processId}`).catch(() => null);
    return `${answer} → ${record ? record.status : 'X-Process-Id unknown to the store'}`;
  }
  // No X-Process-Id came back: the sync processes queued while this request was on the wire,
  // and among them the one whose URL carries this request's id.
  const from = new Date(entry.sentAt - 1000).toISOString();
  const to = new Date(entry.endedAt + 1000).toISOString();
  const page = await admin.get(`/processes?mode=sync&limit=200&from=${from}&to=${to}`);
  const records = page.items.filter((r) => ridOf(r) === entry.rid);
  return `${answer} → ${records.length > 0 ? records.map((r) => r.status).join('+') : 'no record'}`;
}
