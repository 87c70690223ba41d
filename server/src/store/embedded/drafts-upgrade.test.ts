import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioInput } from '../contract-suite/fixtures.js';
import { DATABASE_FILE } from './database.js';
import { loadSqliteDriver } from './drivers.js';
import { createEmbeddedStore } from './embedded-store.js';
import { MIGRATIONS } from './schema.js';

/** What only the embedded store can show about drafts: the upgrade of a file written before them. */
describe('embedded store: scenario drafts on an upgraded file', () => {
  const driver = loadSqliteDriver('auto');
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-drafts-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the versions saved before drafts existed, without a note, and saves drafts and notes after', async () => {
    const before = MIGRATIONS.findIndex((step) => step.name === 'scenarioDrafts');
    expect(before).toBeGreaterThan(0);
    const db = driver.open(path.join(dataDir, DATABASE_FILE));
    try {
      for (const step of MIGRATIONS.slice(0, before)) step(db);
      db.pragma(`user_version = ${before}`);
      db.prepare(
        `INSERT INTO endpoints (id, slug, scenario_version, language, created_at, updated_at, settings)
         VALUES ('e1', 'old', 1, 'javascript', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ?)`,
      ).run(JSON.stringify({ name: 'Old', methods: ['POST'], cors: { origins: [] } }));
      db.prepare(
        `INSERT INTO scenario_versions (endpoint_id, version, language, created_at, created_by, restored_from, code, compiled)
         VALUES ('e1', 1, 'javascript', '2025-01-01T00:00:00.000Z', 'u1', NULL, 'old code', 'old code')`,
      ).run();
    } finally {
      db.close();
    }

    const store = await createEmbeddedStore({ dataDir, driver: driver.name });
    try {
      expect(await store.getScenarioVersion('e1', 1)).toMatchObject({ code: 'old code', createdBy: 'u1', note: null });
      const draft = {
        endpointId: 'e1',
        language: 'javascript' as const,
        code: 'new code',
        savedBy: 'u1',
        savedAt: '2026-11-30T01:00:00.000Z',
        basedOnVersion: 1,
      };
      expect(await store.putScenarioDraft(draft)).toEqual(draft);
      const published = await store.addScenarioVersion('e1', scenarioInput({ code: 'new code', note: 'First note' }));
      expect(published).toMatchObject({ version: 2, note: 'First note' });
      expect(await store.deleteEndpoint('e1')).toBe(true);
      expect(await store.getScenarioDraft('e1')).toBeNull();
    } finally {
      await store.close();
    }
  });
});
