import type { ScenarioVersion } from '../../contract/index.js';
import { endpointFrom, endpointSettings, type Endpoint } from '../endpoint-settings.js';
import { endpointMissing, slugTaken } from '../store-errors.js';
import type { EndpointInput, EndpointPatch, ScenarioInput } from '../types.js';
import { isUniqueViolation } from './database.js';
import type { SqlDatabase } from './sql.js';

export interface EndpointRow {
  id: string;
  slug: string;
  scenario_version: number;
  language: Endpoint['language'];
  created_at: string;
  updated_at: string;
  settings: string;
}

export interface VersionRow {
  endpoint_id: string;
  version: number;
  language: ScenarioVersion['language'];
  created_at: string;
  created_by: string | null;
  restored_from: number | null;
  code: string;
  compiled: string;
  note: string | null;
}

export function createEndpointRepo(db: SqlDatabase) {
  const statements = {
    insertEndpoint: db.prepare(
      `INSERT INTO endpoints (id, slug, scenario_version, language, created_at, updated_at, settings)
       VALUES (@id, @slug, @scenario_version, @language, @created_at, @updated_at, @settings)`,
    ),
    byId: db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE id = ?'),
    bySlug: db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE slug = ?'),
    all: db.prepare<[], EndpointRow>('SELECT * FROM endpoints ORDER BY slug'),
    update: db.prepare(
      'UPDATE endpoints SET slug = @slug, settings = @settings, updated_at = @updated_at WHERE id = @id',
    ),
    delete: db.prepare<[string]>('DELETE FROM endpoints WHERE id = ?'),
    nextVersion: db.prepare<[string], { next: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS next FROM scenario_versions WHERE endpoint_id = ?',
    ),
    insertVersion: db.prepare(
      `INSERT INTO scenario_versions (endpoint_id, version, language, created_at, created_by, restored_from, code, compiled, note)
       VALUES (@endpoint_id, @version, @language, @created_at, @created_by, @restored_from, @code, @compiled, @note)`,
    ),
    makeCurrent: db.prepare(
      'UPDATE endpoints SET scenario_version = @version, language = @language, updated_at = @updated_at WHERE id = @id',
    ),
    version: db.prepare<[string, number], VersionRow>(
      'SELECT * FROM scenario_versions WHERE endpoint_id = ? AND version = ?',
    ),
    versions: db.prepare<[string], VersionRow>(
      'SELECT * FROM scenario_versions WHERE endpoint_id = ? ORDER BY version DESC',
    ),
  };

  function insertVersion(
    endpointId: string,
    version: number,
    scenario: ScenarioInput,
    createdAt: string,
  ): ScenarioVersion {
    const row: VersionRow = {
      endpoint_id: endpointId,
      version,
      language: scenario.language,
      created_at: createdAt,
      created_by: scenario.createdBy ?? null,
      restored_from: scenario.restoredFrom ?? null,
      code: scenario.code,
      compiled: scenario.compiled,
      note: scenario.note ?? null,
    };
    statements.insertVersion.run(row);
    return toVersion(row);
  }

  const createTx = db.transaction((input: EndpointInput, scenario: ScenarioInput): Endpoint => {
    const now = new Date().toISOString();
    const row: EndpointRow = {
      id: input.id,
      slug: input.slug,
      scenario_version: 1,
      language: scenario.language,
      created_at: now,
      updated_at: now,
      settings: JSON.stringify(endpointSettings(input)),
    };
    try {
      statements.insertEndpoint.run(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(input.slug);
      throw err;
    }
    insertVersion(input.id, 1, scenario, now);
    return toEndpoint(row);
  });

  const updateTx = db.transaction((id: string, patch: EndpointPatch): Endpoint | null => {
    const row = statements.byId.get(id);
    if (!row) return null;
    const settings = { ...(JSON.parse(row.settings) as Record<string, unknown>), ...endpointSettings(patch) };
    const slug = typeof patch.slug === 'string' ? patch.slug : row.slug;
    const next: EndpointRow = {
      ...row,
      slug,
      settings: JSON.stringify(settings),
      updated_at: new Date().toISOString(),
    };
    try {
      statements.update.run({ id, slug, settings: next.settings, updated_at: next.updated_at });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(slug);
      throw err;
    }
    return toEndpoint(next);
  });

  const addVersionTx = db.transaction((endpointId: string, scenario: ScenarioInput): ScenarioVersion => {
    if (!statements.byId.get(endpointId)) throw endpointMissing(endpointId);
    const version = statements.nextVersion.get(endpointId)?.next ?? 1;
    const now = new Date().toISOString();
    const created = insertVersion(endpointId, version, scenario, now);
    statements.makeCurrent.run({ id: endpointId, version, language: scenario.language, updated_at: now });
    return created;
  });

  return {
    createEndpoint: (input: EndpointInput, scenario: ScenarioInput) => createTx.immediate(input, scenario),
    getEndpoint: (id: string) => optional(statements.byId.get(id), toEndpoint),
    getEndpointBySlug: (slug: string) => optional(statements.bySlug.get(slug), toEndpoint),
    listEndpoints: () => statements.all.all().map(toEndpoint),
    updateEndpoint: (id: string, patch: EndpointPatch) => updateTx.immediate(id, patch),
    deleteEndpoint: (id: string) => statements.delete.run(id).changes > 0,
    addScenarioVersion: (endpointId: string, scenario: ScenarioInput) => addVersionTx.immediate(endpointId, scenario),
    getScenarioVersion: (endpointId: string, version: number) =>
      optional(statements.version.get(endpointId, version), toVersion),
    listScenarioVersions: (endpointId: string) => statements.versions.all(endpointId).map(toVersion),
  };
}

export function toEndpoint(row: EndpointRow): Endpoint {
  return endpointFrom(row.settings, {
    id: row.id,
    slug: row.slug,
    scenarioVersion: row.scenario_version,
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export function toVersion(row: VersionRow): ScenarioVersion {
  return {
    endpointId: row.endpoint_id,
    version: row.version,
    language: row.language,
    code: row.code,
    compiled: row.compiled,
    createdAt: row.created_at,
    createdBy: row.created_by,
    restoredFrom: row.restored_from,
    note: row.note ?? null,
  };
}

function optional<R, T>(row: R | undefined, map: (row: R) => T): T | null {
  return row === undefined ? null : map(row);
}
