import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open as openFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract.suite.js';
import {
  endpointInput,
  isoAt,
  newProcess,
  queuedProcess,
  recordOf,
  scenarioInput,
  sentProcess,
} from '../contract-suite/fixtures.js';
import { searchBase, searchText } from '../search-text.js';
import { normalizeFilter } from '../process-query.js';
import type { ProcessFilter, ProcessQuery, Store } from '../types.js';
import { DATABASE_FILE } from './database.js';
import { DRIVER_PREFERENCE, probeSqliteDriver } from './drivers.js';
import { buildWhere, LIST_ORDER } from './process-filter-sql.js';
import { toProcessRow } from './process-rows.js';
import { createEmbeddedStore } from './embedded-store.js';
import { SEARCH_INDEX_SQL } from './search-index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { DRIVER_LABELS, type SqliteDriver } from './sql.js';

// The contract and the file behaviours run once per SQLite driver the running Node can load:
// node:sqlite from Node 22.13, better-sqlite3 wherever its native build matches this Node.
const CI = process.env.CI === 'true' || process.env.CI === '1';
for (const name of DRIVER_PREFERENCE) {
  const outcome = probeSqliteDriver(name);
  if ('driver' in outcome) {
    describeStoreContract(`embedded (SQLite file, ${outcome.driver.label})`, async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-store-'));
      const store = await createEmbeddedStore({ dataDir, driver: name });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    });
    describeEmbeddedStore(outcome.driver);
    continue;
  }
  const label = DRIVER_LABELS[name];
  const reason = outcome.error.message.replace(/\s+/g, ' ');
  // node:sqlite only fails to load on a Node that predates it; CI installs better-sqlite3 for its Node.
  if (CI && name !== 'node') {
    it(`loads ${label} (CI runs the store on every driver)`, () => {
      throw outcome.error;
    });
    continue;
  }
  console.warn(`[store contract] embedded ${label} run SKIPPED: ${reason}`);
  describe.skip(`Store contract: embedded (SQLite file, ${label}) — ${reason}`, () => {
    it('runs on this driver', () => undefined);
  });
}

/** Runs `mount` with these arguments: true, or why it could not. */
function tryMount(args: string[]): true | string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux';
  try {
    execFileSync('mount', args, { stdio: 'pipe' });
    return true;
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr ?? err).trim();
  }
}

/** Writes to `file` until the file system has no space left. */
async function fillDisk(file: string): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const handle = await openFile(file, 'w');
  try {
    for (;;) await handle.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function describeEmbeddedStore(driver: SqliteDriver): void {
  describe(`embedded store (${driver.label})`, () => {
    let dataDir: string;
    const opened: Store[] = [];
    const open = async (dir = dataDir) => {
      const store = await createEmbeddedStore({ dataDir: dir, driver: driver.name });
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-embedded-'));
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps every record after close and reopen', async () => {
      const first = await open();
      const endpoint = await first.createEndpoint(endpointInput({ slug: 'kept' }), scenarioInput({ code: 'v1' }));
      const process = newProcess({ endpointId: endpoint.id });
      await first.createProcess(process);
      await first.putSecret('TOKEN', 'value');
      await first.close();

      const second = await open();
      expect(await second.getEndpointBySlug('kept')).toEqual(endpoint);
      expect(await second.getScenarioVersion(endpoint.id, 1)).toMatchObject({ code: 'v1' });
      expect((await second.getProcess(process.id))?.request).toEqual(process.request);
      expect((await second.listSecrets()).map((s) => s.value)).toEqual(['value']);
    });

    it('creates a missing data directory and a WAL-mode file with incremental vacuum and the current schema', async () => {
      const nested = path.join(dataDir, 'a', 'b');
      await (await open(nested)).close();
      const db = driver.open(path.join(nested, DATABASE_FILE), { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    });

    it('upgrades a file written by the first schema in place, keeping its users and adding API tokens', async () => {
      const db = driver.open(path.join(dataDir, DATABASE_FILE));
      MIGRATIONS[0]?.(db);
      db.pragma('user_version = 1');
      db.prepare(
        `INSERT INTO users (id, email, email_lower, name, role, disabled, password_hash, created_at)
         VALUES ('u1', 'Old@Example.com', 'old@example.com', 'Old', 'admin', 0, 'h', '2025-01-01T00:00:00.000Z')`,
      ).run();
      db.close();

      const store = await open();
      expect(await store.getUserByEmail('old@example.com')).toMatchObject({ id: 'u1', role: 'admin' });
      const token = {
        id: 't1',
        name: 'ci',
        userId: 'u1',
        tokenHash: 'a'.repeat(64),
        prefix: 'sgt_abcd',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      };
      await store.createApiToken(token);
      await store.close();
      const reopened = await open();
      expect(await reopened.getApiTokenByHash('a'.repeat(64))).toEqual(token);
      const check = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      } finally {
        check.close();
      }
    });

    it('upgrades a schema 3 file in place: its processes keep everything and gain empty outbound records', async () => {
      const db = driver.open(path.join(dataDir, DATABASE_FILE));
      for (const step of MIGRATIONS.slice(0, 3)) step(db);
      db.pragma('user_version = 3');
      const finished = newProcess();
      const queued = queuedProcess({ input: { rawBody: 'x'.repeat(200_000) } });
      const insert = db.prepare(
        `INSERT INTO processes (id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at, started_at,
           finished_at, duration_ms, lease_owner, status_token_hash, ip, rerun_of, logs_truncated, search_text,
           principal, error, callback_attempts, logs, response, request, input)
         VALUES (@id, @endpointId, @slug, @scenarioVersion, @mode, @status, @attempt, @queuedAt, @startedAt,
           @finishedAt, @durationMs, NULL, @statusTokenHash, @ip, NULL, 0, @search, @principal, NULL, '[]', @logs,
           @response, @request, @input)`,
      );
      for (const p of [finished, queued]) {
        insert.run({
          ...p,
          search: searchText(searchBase(p), p.error),
          principal: JSON.stringify(p.principal),
          logs: JSON.stringify(p.logs),
          response: p.response === null ? null : JSON.stringify(p.response),
          request: JSON.stringify(p.request),
          input: p.input === null ? null : JSON.stringify(p.input),
        });
      }
      db.close();

      const store = await open();
      expect(await store.getProcess(finished.id)).toEqual(recordOf(finished));
      expect(await store.getProcessWithToken(queued.id)).toEqual({
        process: recordOf(queued),
        statusTokenHash: queued.statusTokenHash,
      });
      expect(await store.getProcessInput(queued.id)).toEqual(queued.input);
      expect((await store.listProcesses({ q: finished.id, limit: 5 })).items).toEqual([recordOf(finished)]);
      expect(await store.countPendingCallbacks()).toBe(0);
      const callback = sentProcess().callback;
      await store.updateProcess(finished.id, { callback });
      expect((await store.claimCallback('instance-a', 30_000))?.callback).toEqual(callback);
      expect((await store.claimQueued('instance-a', 30_000, 2))?.process.id).toBe(queued.id);
      await store.close();

      const check = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        const columns = (check.pragma('table_info(processes)') as Array<{ name: string }>).map((c) => c.name);
        expect(columns).not.toContain('callback_attempts');
        // The small columns stay before the bulky texts, the run input last but for schema 5's key (schema.ts says why).
        expect(columns.slice(-7)).toEqual([
          'fetches',
          'mails',
          'logs',
          'response',
          'request',
          'input',
          'idempotency_key',
        ]);
        const indexes = (check.pragma('index_list(processes)') as Array<{ name: string }>).map((i) => i.name);
        expect(indexes).toEqual(
          expect.arrayContaining([
            'processes_endpoint',
            'processes_status',
            'processes_list',
            'processes_callback_due',
          ]),
        );
      } finally {
        check.close();
      }
    });

    it('upgrades a schema 4 file in place: its processes and idempotency keys read as having no key and no fingerprint', async () => {
      const db = driver.open(path.join(dataDir, DATABASE_FILE));
      for (const step of MIGRATIONS.slice(0, 4)) step(db);
      db.pragma('user_version = 4');
      const finished = newProcess();
      const queued = queuedProcess();
      for (const process of [finished, queued]) {
        const { idempotency_key: _key, ...row } = toProcessRow(process);
        const columns = Object.keys(row);
        db.prepare(
          `INSERT INTO processes (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        ).run(row);
      }
      const expiresAt = isoAt(Date.now(), 3600_000);
      db.prepare(
        `INSERT INTO idempotency (endpoint_id, key, process_id, response, created_at, expires_at)
         VALUES ('e1', 'order-42', ?, NULL, ?, ?)`,
      ).run(finished.id, finished.queuedAt, expiresAt);
      db.close();

      const store = await open();
      expect(await store.getProcess(finished.id)).toEqual({ ...recordOf(finished), idempotencyKey: null });
      expect((await store.claimQueued('instance-a', 30_000, 2))?.process.id).toBe(queued.id);
      expect(await store.getIdempotency('e1', 'order-42')).toEqual({
        endpointId: 'e1',
        key: 'order-42',
        fingerprint: '',
        processId: finished.id,
        response: null,
        createdAt: finished.queuedAt,
        expiresAt,
      });
      const keyed = newProcess({ endpointId: 'e1', idempotencyKey: 'order-43' });
      await store.createProcess(keyed);
      expect((await store.listProcesses({ idempotencyKey: 'order-43', limit: 5 })).items).toEqual([recordOf(keyed)]);
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });

    it('upgrades a schema 5 file in place: the processes it already holds are found by body and log words', async () => {
      const db = driver.open(path.join(dataDir, DATABASE_FILE));
      for (const step of MIGRATIONS.slice(0, 5)) step(db);
      db.pragma('user_version = 5');
      const jane = newProcess({ logs: [{ level: 'info', time: isoAt(Date.now(), 0), text: 'CRM accepted Jane' }] });
      jane.request.body = { email: 'jane@example.com' };
      const row = toProcessRow(jane);
      const columns = Object.keys(row);
      db.prepare(
        `INSERT INTO processes (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      ).run(row);
      db.close();

      const store = await open();
      expect((await store.listProcesses({ q: 'jane@example.com', limit: 5 })).items.map((p) => p.id)).toEqual([
        jane.id,
      ]);
      expect(await store.countProcesses({ q: 'crm accepted' })).toBe(1);
    });

    it('indexes the runs recorded in the background, and a run that takes the rowid of a purged newest one', async () => {
      const store = await open();
      const old = isoAt(Date.now(), -86_400_000);
      const first = newProcess();
      first.request.body = { email: 'first@example.com' };
      const gone = newProcess({ queuedAt: old, finishedAt: old });
      gone.request.body = { email: 'gone@example.com' };
      await store.createProcess(first);
      await store.createProcess(gone);
      // No search asks: the background pass indexes both (the index is read here directly).
      const indexed = async () => {
        const db = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
        try {
          return (
            db.prepare("SELECT count(*) AS n FROM processes_fts WHERE processes_fts MATCH 'example'").get() as {
              n: number;
            }
          ).n;
        } finally {
          db.close();
        }
      };
      await expect.poll(indexed, { timeout: 5_000, interval: 100 }).toBe(2);

      // The newest run is purged; the next one gets its rowid, and is still indexed and found.
      await store.purgeExpired(isoAt(Date.now(), -60_000));
      const next = newProcess();
      next.request.body = { email: 'next@example.com' };
      await store.createProcess(next);
      expect((await store.listProcesses({ q: 'next@example.com', limit: 5 })).items.map((p) => p.id)).toEqual([
        next.id,
      ]);
      expect(await store.countProcesses({ q: 'gone@example.com' })).toBe(0);
      expect(await store.countProcesses({ q: 'example.com' })).toBe(2);
      await store.close();
    });

    it('records a run while a search indexes a long backlog, instead of waiting for the whole backlog', async () => {
      const store = await open();
      // 30,000 runs recorded at once; no search has indexed them yet.
      await Promise.all(Array.from({ length: 30_000 }, () => store.createProcess(newProcess())));
      const order: string[] = [];
      const searched = store.listProcesses({ q: 'lead@example.com', limit: 5 }).then((page) => {
        order.push('search');
        return page;
      });
      await new Promise((resolve) => setImmediate(resolve));
      const late = newProcess();
      late.request.body = { email: 'late@example.com' };
      const recorded = store.createProcess(late).then(() => order.push('record'));
      const [page] = await Promise.all([searched, recorded]);
      expect(order).toEqual(['record', 'search']);
      expect(page.items).toHaveLength(5);
      expect(await store.countProcesses({ q: 'lead@example.com' })).toBe(30_000);
      expect(await store.countProcesses({ q: 'late@example.com' })).toBe(1);
      await store.close();
    });

    it('looks body and log words up on the full-text index while scanning only the narrow list index', async () => {
      await (await open()).close();
      const db = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        const where = buildWhere(normalizeFilter({ q: 'jane@example.com', endpointId: 'e1' }), null);
        const sql = `SELECT id FROM processes ${where.sql} ${LIST_ORDER} LIMIT 51`;
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(where.params) as Array<{ detail: string }>)
          .map((r) => r.detail)
          .join('; ');
        expect(plan).toMatch(/processes_fts VIRTUAL TABLE INDEX \d+:M/);
        expect(plan).toMatch(/USING (COVERING )?INDEX processes_(endpoint|list)/);
        expect(plan).not.toMatch(/SCAN processes(;|$)/);
      } finally {
        db.close();
      }
    });

    it('indexes for search by seeking to the waiting runs, never by walking the whole history', async () => {
      await (await open()).close();
      const db = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        // node:sqlite refuses a named parameter the statement does not have.
        const planOf = (sql: string) =>
          (
            db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('@upTo') ? [{ upTo: 1 }] : [])) as Array<{
              detail: string;
            }>
          ).map((r) => r.detail);
        for (const [name, sql] of Object.entries(SEARCH_INDEX_SQL)) {
          if (sql.includes('OFFSET ?')) continue; // takes a positional parameter; a walk of the short list
          const plan = planOf(sql);
          expect(plan.join('; '), name).not.toMatch(/SCAN processes(;|$)/);
        }
        // Changed rows: the short list is the outer loop, each run fetched by its rowid.
        const changed = planOf(SEARCH_INDEX_SQL.indexChanged);
        expect(changed[0]).toMatch(/^(SEARCH|SCAN) pending/);
        expect(changed[1]).toMatch(/^SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      } finally {
        db.close();
      }
    });

    it('lists the processes of one Idempotency-Key through the partial index of keyed processes', async () => {
      await (await open()).close();
      const db = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        const plan = (filter: ProcessFilter) => {
          const where = buildWhere(normalizeFilter(filter), null);
          const sql = `SELECT id FROM processes ${where.sql} ${LIST_ORDER} LIMIT 51`;
          return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(where.params) as Array<{ detail: string }>)
            .map((row) => row.detail)
            .join('; ');
        };
        for (const filter of [{ idempotencyKey: 'k' }, { idempotencyKey: 'k', endpointId: 'e1' }]) {
          expect(plan(filter)).toMatch(/USING COVERING INDEX processes_idempotency/);
        }
        expect(plan({ idempotencyKey: 'k', endpointId: 'e1' })).not.toMatch(/TEMP B-TREE/);
      } finally {
        db.close();
      }
    });

    it('finds due callbacks and counts pending ones on the index of pending callbacks alone', async () => {
      await (await open()).close();
      const db = driver.open(path.join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        const plan = (sql: string) =>
          (
            db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('@now') ? [{ now: 0 }] : [])) as Array<{
              detail: string;
            }>
          )
            .map((row) => row.detail)
            .join('; ');
        const claim = plan(
          `SELECT id FROM processes
           WHERE callback_due_at <= @now AND (callback_lease_expires_at IS NULL OR callback_lease_expires_at <= @now)
           ORDER BY callback_due_at, id LIMIT 1`,
        );
        expect(claim).toMatch(/USING COVERING INDEX processes_callback_due/);
        expect(claim).not.toMatch(/TEMP B-TREE/);
        expect(plan('SELECT count(*) FROM processes WHERE callback_due_at IS NOT NULL')).toMatch(
          /processes_callback_due/,
        );
      } finally {
        db.close();
      }
    });

    it(
      'answers the readiness probe store_unavailable on a full disk, and ready again once there is space',
      { timeout: 60_000 },
      async (context) => {
        // A real small file system: an 8 MB tmpfs, which only root may mount (skipped elsewhere).
        const mountPoint = path.join(dataDir, 'small-disk');
        await mkdir(mountPoint);
        const mounted = tryMount(['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', mountPoint]);
        if (mounted !== true) {
          console.warn(`[embedded store] disk-full probe test SKIPPED: cannot mount a tmpfs (${mounted})`);
          context.skip();
          return;
        }
        try {
          const store = await open(mountPoint);
          await store.createProcess(newProcess());
          await expect(store.checkWritable()).resolves.toBeUndefined();

          const filler = path.join(mountPoint, 'filler');
          await fillDisk(filler);
          await expect(store.checkWritable()).rejects.toMatchObject({
            code: 'store_unavailable',
            message: expect.stringMatching(/disk of DATA_DIR is full/),
          });
          // What the probe predicts: a run's record cannot be written either. (A smaller one could
          // still land in WAL space that a checkpoint freed: why the probe checks free space first.)
          const wal = (await stat(path.join(mountPoint, `${DATABASE_FILE}-wal`))).size;
          const body = 'x'.repeat(wal + 256 * 1024);
          const big = newProcess({ request: { ...newProcess().request, body } });
          await expect(store.createProcess(big)).rejects.toMatchObject({ code: 'store_unavailable' });

          await rm(filler);
          await expect(store.checkWritable()).resolves.toBeUndefined();
          await store.createProcess(big);
          await store.close();
        } finally {
          for (const store of opened.splice(0)) await store.close().catch(() => undefined);
          execFileSync('umount', ['-l', mountPoint]);
        }
      },
    );

    it('refuses a database written by a newer schema version', async () => {
      await (await open()).close();
      const db = driver.open(path.join(dataDir, DATABASE_FILE));
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      await expect(createEmbeddedStore({ dataDir, driver: driver.name })).rejects.toMatchObject({
        message: expect.stringMatching(/newer/),
      });
    });

    it('rejects with store_unavailable when the data directory cannot be used', async () => {
      const notADirectory = path.join(dataDir, 'file');
      await writeFile(notADirectory, 'x');
      await expect(createEmbeddedStore({ dataDir: notADirectory, driver: driver.name })).rejects.toMatchObject({
        code: 'store_unavailable',
      });
    });

    it('rejects with store_unavailable once closed', async () => {
      const store = await open();
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
      await expect(store.getProcess('x')).rejects.toMatchObject({ code: 'store_unavailable' });
      await expect(store.createProcess(newProcess())).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('never gives one queued process to two store instances sharing the same file', async () => {
      const first = await open();
      const second = await open();
      const queued = Array.from({ length: 30 }, () => queuedProcess());
      await Promise.all(queued.map((process) => first.createProcess(process)));
      const drain = async (store: Store, owner: string) => {
        const ids: string[] = [];
        for (
          let claimed = await store.claimQueued(owner, 30_000, 2);
          claimed;
          claimed = await store.claimQueued(owner, 30_000, 2)
        ) {
          ids.push(claimed.process.id);
        }
        return ids;
      };
      const [a, b] = await Promise.all([drain(first, 'instance-a'), drain(second, 'instance-b')]);
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      expect([...a, ...b].sort()).toEqual(queued.map((p) => p.id).sort());
    });

    it('fails a lone bad write without undoing the writes batched with it', async () => {
      const store = await open();
      const process = newProcess();
      const results = await Promise.allSettled([
        store.createProcess(process),
        store.createProcess(process),
        ...Array.from({ length: 50 }, () => store.createProcess(newProcess())),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect(results[1]?.status).toBe('rejected');
      expect(await store.countProcesses({})).toBe(51);
    });

    it('applies writes issued together even when one of them fails', async () => {
      const store = await open();
      const results = await Promise.allSettled([
        store.createEndpoint(endpointInput({ slug: 'same' }), scenarioInput()),
        store.createProcess(newProcess()),
        store.createEndpoint(endpointInput({ slug: 'same' }), scenarioInput()),
        store.createEndpoint(endpointInput({ slug: 'other' }), scenarioInput()),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((await store.listEndpoints()).map((e) => e.slug)).toEqual(['other', 'same']);
      expect(await store.countProcesses({})).toBe(1);
      // The failed create left no scenario version behind.
      const versions = await Promise.all((await store.listEndpoints()).map((e) => store.listScenarioVersions(e.id)));
      expect(versions.map((v) => v.length)).toEqual([1, 1]);
    });

    it('gives the space of purged processes back so the file does not only grow', async () => {
      const store = await open();
      const old = isoAt(Date.now(), -40 * 24 * 3600_000);
      const body = 'x'.repeat(8 * 1024);
      await Promise.all(
        Array.from({ length: 3000 }, () =>
          store.createProcess(
            newProcess({ queuedAt: old, finishedAt: old, request: { ...newProcess().request, body } }),
          ),
        ),
      );
      const file = path.join(dataDir, DATABASE_FILE);
      const before = (await stat(file)).size;
      expect(await store.purgeExpired(new Date().toISOString())).toEqual({ processes: 3000 });
      const after = (await stat(file)).size;
      expect(after).toBeLessThan(before / 4);
      expect((await stat(`${file}-wal`)).size).toBe(0);
    });

    it(
      'inserts 100,000 processes in one transaction within seconds and answers each indexed filter page in under 50 ms',
      { timeout: 180_000 },
      async () => {
        const store = await open();
        const statuses = ['succeeded', 'failed', 'running', 'queued', 'timeout'] as const;
        const base = Date.parse('2024-01-01T00:00:00.000Z');
        const records = Array.from({ length: 100_000 }, (_, n) =>
          newProcess({
            endpointId: `endpoint-${n % 20}`,
            slug: `slug-${n % 20}`,
            status: statuses[n % 5],
            mode: n % 3 === 0 ? 'async' : 'sync',
            queuedAt: new Date(base + n * 1000).toISOString(),
            error:
              n % 5 === 1 ? { code: 'scenario_error', name: 'Error', message: `Upstream refused lead ${n}` } : null,
            // One call in 50 sends an Idempotency-Key; each key is used twice.
            idempotencyKey: n % 50 === 0 ? `order-${n % 50_000}` : null,
          }),
        );
        const started = performance.now();
        // Issued together, the writes share one transaction (group commit).
        await Promise.all(records.map((record) => store.createProcess(record)));
        const insertMs = performance.now() - started;
        // About 3.3 s on the 2-core development machine (the search index is written later, search-index.ts); the bound leaves room for a slower CI.
        expect(insertMs, `100,000 inserts took ${Math.round(insertMs)} ms`).toBeLessThan(15_000);
        expect(await store.countProcesses({})).toBe(100_000);

        const queries: Array<Omit<ProcessQuery, 'limit'>> = [
          {},
          { endpointId: 'endpoint-3' },
          { status: ['failed'] },
          { status: ['failed', 'timeout', 'running'] },
          { mode: 'async' },
          { from: '2024-01-01T10:00:00.000Z', to: '2024-01-01T12:00:00.000Z' },
          { q: 'refused lead 9999' },
          { q: 'matches nothing at all' },
          // Words of the body: every row's (the fixture's), and none.
          { q: 'lead@example.com' },
          { q: 'zebra' },
          { endpointId: 'endpoint-4', status: ['succeeded', 'failed'], mode: 'sync', q: 'slug' },
          {
            endpointId: 'endpoint-1',
            status: ['failed'],
            mode: 'async',
            from: '2024-01-01T10:00:00.000Z',
            to: '2024-01-02T00:00:00.000Z',
          },
          { idempotencyKey: 'order-700' },
          { endpointId: 'endpoint-0', idempotencyKey: 'order-700' },
        ];
        const timings: Record<string, number> = {};
        for (const query of queries) {
          const first = await store.listProcesses({ ...query, limit: 50 });
          const times: number[] = [];
          for (let run = 0; run < 3; run += 1) {
            const started = performance.now();
            await store.listProcesses({ ...query, limit: 50, cursor: first.nextCursor });
            times.push(performance.now() - started);
          }
          timings[JSON.stringify(query)] = Math.min(...times);
        }
        // Indexed filters answer in a few ms even on a loaded CI machine; a free-text `q` reads
        // the search text of every candidate row (30–60 ms at 100,000 rows under load), so it
        // gets its own, wider bound. The figures themselves are `npm run bench:store`'s job.
        const slow = Object.entries(timings).filter(([query, ms]) => ms >= (query.includes('"q"') ? 250 : 50));
        expect(slow, `slow pages (ms): ${JSON.stringify(timings)}`).toEqual([]);
      },
    );
  });
}
