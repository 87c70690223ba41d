import type { ScenarioDraft } from '../../contract/index.js';
import { endpointMissing } from '../store-errors.js';
import type { SqlDatabase } from './sql.js';

export interface DraftRow {
  endpoint_id: string;
  language: ScenarioDraft['language'];
  saved_by: string | null;
  saved_at: string;
  based_on_version: number;
  code: string;
}

/** One draft per endpoint (`scenario_drafts`), removed with the endpoint by its foreign key. */
export function createDraftRepo(db: SqlDatabase) {
  const statements = {
    get: db.prepare<[string], DraftRow>('SELECT * FROM scenario_drafts WHERE endpoint_id = ?'),
    endpointExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM endpoints WHERE id = ?'),
    put: db.prepare(UPSERT_DRAFT),
    delete: db.prepare<[string]>('DELETE FROM scenario_drafts WHERE endpoint_id = ?'),
    deleteSave: db.prepare<[string, string]>('DELETE FROM scenario_drafts WHERE endpoint_id = ? AND saved_at = ?'),
  };

  const putTx = db.transaction((draft: ScenarioDraft): ScenarioDraft => {
    // Checked first, so a missing endpoint is `not_found` rather than a foreign-key failure.
    if (!statements.endpointExists.get(draft.endpointId)) throw endpointMissing(draft.endpointId);
    const row = toDraftRow(draft);
    statements.put.run(row);
    return toDraft(row);
  });

  return {
    getScenarioDraft: (endpointId: string) => {
      const row = statements.get.get(endpointId);
      return row ? toDraft(row) : null;
    },
    putScenarioDraft: (draft: ScenarioDraft) => putTx.immediate(draft),
    deleteScenarioDraft: (endpointId: string, options: { savedAt?: string } = {}) =>
      (options.savedAt === undefined
        ? statements.delete.run(endpointId)
        : statements.deleteSave.run(endpointId, options.savedAt)
      ).changes > 0,
  };
}

export const UPSERT_DRAFT = `INSERT INTO scenario_drafts (endpoint_id, language, saved_by, saved_at, based_on_version, code)
  VALUES (@endpoint_id, @language, @saved_by, @saved_at, @based_on_version, @code)
  ON CONFLICT (endpoint_id) DO UPDATE SET language = excluded.language, saved_by = excluded.saved_by,
    saved_at = excluded.saved_at, based_on_version = excluded.based_on_version, code = excluded.code`;

export function toDraftRow(draft: ScenarioDraft): DraftRow {
  return {
    endpoint_id: draft.endpointId,
    language: draft.language,
    saved_by: draft.savedBy ?? null,
    saved_at: draft.savedAt,
    based_on_version: draft.basedOnVersion,
    code: draft.code,
  };
}

export function toDraft(row: DraftRow): ScenarioDraft {
  return {
    endpointId: row.endpoint_id,
    language: row.language,
    code: row.code,
    savedBy: row.saved_by,
    savedAt: row.saved_at,
    basedOnVersion: row.based_on_version,
  };
}
