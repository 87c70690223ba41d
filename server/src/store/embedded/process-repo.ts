import type { ProcessRecord, ProcessStatus } from '../../contract/index.js';
import { normalizeFilter, normalizeQuery, toPage } from '../process-query.js';
import type { NewProcess, ProcessFilter, ProcessPatch, ProcessQuery, RunInput } from '../types.js';
import { buildWhere, LIST_ORDER } from './process-filter-sql.js';
import {
  fromProcessRow,
  parseInput,
  patchAssignments,
  patchFields,
  patchParams,
  RECORD_COLUMNS,
  toProcessRow,
  type ProcessRow,
} from './process-rows.js';
import type { SqlDatabase, SqlStatement } from './sql.js';

export function createProcessRepo(db: SqlDatabase) {
  const statements = {
    insert: db.prepare(
      `INSERT INTO processes (id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at, started_at,
         finished_at, duration_ms, lease_owner, status_token_hash, ip, rerun_of, logs_truncated, callback_due_at,
         search_text, principal, error, callback, fetches, mails, logs, response, request, input, idempotency_key)
       VALUES (@id, @endpoint_id, @slug, @scenario_version, @mode, @status, @attempt, @queued_at, @started_at,
         @finished_at, @duration_ms, @lease_owner, @status_token_hash, @ip, @rerun_of, @logs_truncated, @callback_due_at,
         @search_text, @principal, @error, @callback, @fetches, @mails, @logs, @response, @request, @input,
         @idempotency_key)`,
    ),
    get: db.prepare<[string], ProcessRow>(`SELECT ${RECORD_COLUMNS} FROM processes WHERE id = ?`),
    getWithToken: db.prepare<[string], ProcessRow & { status_token_hash: string | null }>(
      `SELECT ${RECORD_COLUMNS}, status_token_hash FROM processes WHERE id = ?`,
    ),
    getInput: db.prepare<[string], { input: string | null }>('SELECT input FROM processes WHERE id = ?'),
  };

  /**
   * One UPDATE … RETURNING per call, prepared once per combination of patched fields (a
   * handful in practice) and cached, so the hot path never re-prepares or reads back.
   */
  const patchStatements = new Map<string, SqlStatement>();
  function patchStatement(
    kind: 'update' | 'patch' | 'transition',
    fields: string[],
    build: () => string,
  ): SqlStatement {
    const key = `${kind}:${fields.join(',')}`;
    let statement = patchStatements.get(key);
    if (!statement) {
      statement = db.prepare(build());
      patchStatements.set(key, statement);
    }
    return statement;
  }

  const listStatements = new Map<string, SqlStatement>();
  function cachedList(sql: string): SqlStatement {
    let statement = listStatements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      listStatements.set(sql, statement);
    }
    return statement;
  }

  function updateProcess(id: string, patch: ProcessPatch): ProcessRecord | null {
    const fields = patchFields(patch);
    const statement = patchStatement(
      'update',
      fields,
      () => `UPDATE processes SET ${patchAssignments(fields)} WHERE id = @id RETURNING ${RECORD_COLUMNS}`,
    );
    const row = statement.get({ ...patchParams(fields, patch), id }) as ProcessRow | undefined;
    return row ? fromProcessRow(row) : null;
  }

  function patchProcess(id: string, patch: ProcessPatch): boolean {
    const fields = patchFields(patch);
    if (fields.length === 0) return statements.get.get(id) !== undefined;
    const statement = patchStatement(
      'patch',
      fields,
      () => `UPDATE processes SET ${patchAssignments(fields)} WHERE id = @id`,
    );
    return statement.run({ ...patchParams(fields, patch), id }).changes > 0;
  }

  function transitionProcess(
    id: string,
    fromStatuses: ProcessStatus[],
    patch: ProcessPatch,
    options: { leaseOwner?: string } = {},
  ): ProcessRecord | null {
    if (fromStatuses.length === 0) return null;
    const fields = patchFields(patch);
    const statement = patchStatement(
      'transition',
      fields,
      () =>
        `UPDATE processes SET ${patchAssignments(fields)}
         WHERE id = @id AND status IN (SELECT value FROM json_each(@fromStatuses))
           AND (@leaseOwner IS NULL OR lease_owner = @leaseOwner)
         RETURNING ${RECORD_COLUMNS}`,
    );
    const params = {
      ...patchParams(fields, patch),
      id,
      fromStatuses: JSON.stringify(fromStatuses),
      leaseOwner: options.leaseOwner ?? null,
    };
    const row = statement.get(params) as ProcessRow | undefined;
    return row ? fromProcessRow(row) : null;
  }

  function listProcesses(query: ProcessQuery) {
    const normalized = normalizeQuery(query);
    const where = buildWhere(normalized, normalized.afterId);
    // The ids are chosen on indexes alone; only the rows of the page are read in full.
    const sql = `SELECT ${RECORD_COLUMNS} FROM processes
      WHERE id IN (SELECT id FROM processes ${where.sql} ${LIST_ORDER} LIMIT @limit) ${LIST_ORDER}`;
    const rows = cachedList(sql).all({ ...where.params, limit: normalized.limit + 1 }) as ProcessRow[];
    return toPage(rows.map(fromProcessRow), normalized.limit);
  }

  function countProcesses(filter: ProcessFilter): number {
    const where = buildWhere(normalizeFilter(filter), null);
    const row = cachedList(`SELECT count(*) AS n FROM processes ${where.sql}`).get(where.params) as { n: number };
    return row.n;
  }

  return {
    createProcess(process: NewProcess): void {
      statements.insert.run(toProcessRow(process));
    },
    updateProcess,
    patchProcess,
    transitionProcess,
    getProcess(id: string): ProcessRecord | null {
      const row = statements.get.get(id);
      return row ? fromProcessRow(row) : null;
    },
    getProcessWithToken(id: string) {
      const row = statements.getWithToken.get(id);
      return row ? { process: fromProcessRow(row), statusTokenHash: row.status_token_hash } : null;
    },
    getProcessInput(id: string): RunInput | null {
      return parseInput(statements.getInput.get(id)?.input);
    },
    listProcesses,
    countProcesses,
  };
}
