import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { endpointInput, isoAt, scenarioInput } from '../contract-suite/fixtures.js';
import { newId } from '../ids.js';
import type { Store } from '../types.js';
import { DATABASE_FILE } from './database.js';
import { loadSqliteDriver } from './drivers.js';
import { createEmbeddedStore } from './embedded-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import type { SqlDatabase } from './sql.js';

/**
 * What only the embedded store can show about API keys, rate counters and the audit log: the
 * upgrade of an older file, rows really removed by retention, two stores on one file counting
 * one limit, and lists answered from indexes (every query runs on the event loop).
 */
describe('embedded store: API keys, rate counters and audit log', () => {
  const driver = loadSqliteDriver('auto');
  let dataDir: string;
  const opened: Store[] = [];
  const open = async () => {
    const store = await createEmbeddedStore({ dataDir, driver: driver.name });
    opened.push(store);
    return store;
  };
  const raw = <T>(use: (db: SqlDatabase) => T): T => {
    const db = driver.open(path.join(dataDir, DATABASE_FILE));
    try {
      return use(db);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-access-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('upgrades a file of the previous schema in place: endpoints kept, keys, counters and audit added', async () => {
    raw((db) => {
      for (const step of MIGRATIONS.slice(0, 2)) step(db);
      db.pragma('user_version = 2');
      // An endpoint as saved before access control: no ipAllowlist, no rateLimit.
      db.prepare(
        `INSERT INTO endpoints (id, slug, scenario_version, language, created_at, updated_at, settings)
         VALUES ('e1', 'old', 1, 'javascript', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ?)`,
      ).run(JSON.stringify({ name: 'Old', access: { type: 'public' }, methods: ['POST'], cors: { origins: [] } }));
    });
    const store = await open();
    expect(await store.getEndpoint('e1')).toMatchObject({
      access: { type: 'public' },
      ipAllowlist: [],
      rateLimit: null,
    });
    expect(await store.incrementRateCounter('e1:ip:x', isoAt(Date.now(), 60_000))).toBe(1);
    await store.appendAudit({
      id: newId(),
      at: new Date().toISOString(),
      actor: null,
      action: 'endpoint.update',
      entity: { type: 'endpoint', id: 'e1' },
      ip: '::1',
    });
    expect((await store.listAudit({ limit: 5 })).items).toHaveLength(1);
    await store.close();
    expect(raw((db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
  });

  it('deletes expired rate counters on retention and keeps live ones', async () => {
    const store = await open();
    const now = Date.now();
    for (let n = 0; n < 30; n += 1) await store.incrementRateCounter(`over:${n}`, isoAt(now, -1000));
    await store.incrementRateCounter('live', isoAt(now, 3_600_000));
    await store.purgeExpired(isoAt(now, -86_400_000), isoAt(now, 0));
    await store.close();
    expect(raw((db) => db.prepare('SELECT bucket FROM rate_counters').all())).toEqual([{ bucket: 'live' }]);
  });

  it('counts one limit for two store instances sharing the file', async () => {
    const [first, second] = [await open(), await open()];
    const expiresAt = isoAt(Date.now(), 60_000);
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? first : second).incrementRateCounter('shared', expiresAt)),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
  });

  it('answers key look-ups, counters and every audit list from an index, without sorting', async () => {
    const store = await open();
    await store.createEndpoint(endpointInput(), scenarioInput());
    await store.close();
    const plans = raw((db) => {
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
          .map((row) => row.detail)
          .join('; ');
      const order = 'ORDER BY at DESC, id DESC LIMIT 51';
      return {
        lookup: plan(`SELECT * FROM api_keys WHERE lookup = 'x'`),
        counter: plan(`SELECT count FROM rate_counters WHERE bucket = 'x' AND expires_at > 0`),
        all: plan(`SELECT * FROM audit_log WHERE (at, id) < ('t', 'i') ${order}`),
        actor: plan(`SELECT * FROM audit_log WHERE actor_id = 'u' AND (at, id) < ('t', 'i') ${order}`),
        entityType: plan(`SELECT * FROM audit_log WHERE entity_type = 'endpoint' AND (at, id) < ('t', 'i') ${order}`),
        entity: plan(`SELECT * FROM audit_log WHERE entity_type = 'endpoint' AND entity_id = 'e' ${order}`),
        range: plan(`SELECT * FROM audit_log WHERE at >= 'a' AND at < 'b' ${order}`),
      };
    });
    expect(plans.lookup).toMatch(/USING INDEX sqlite_autoindex_api_keys/);
    expect(plans.counter).toMatch(/USING PRIMARY KEY/);
    expect(plans.all).toMatch(/audit_log_at/);
    expect(plans.actor).toMatch(/audit_log_actor/);
    expect(plans.entityType).toMatch(/audit_log_entity_type/);
    expect(plans.entity).toMatch(/audit_log_entity\b/);
    expect(plans.range).toMatch(/audit_log_at/);
    for (const plan of [plans.all, plans.actor, plans.entityType, plans.entity, plans.range])
      expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
