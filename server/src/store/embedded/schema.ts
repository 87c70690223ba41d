import type { SqlDatabase } from './sql.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. A later
 * version appends a function here and never edits a shipped one.
 *
 * Column order in `processes` is deliberate: the small columns the list filters read come
 * first and the big JSON texts last, so a scan that only tests `search_text` never has to
 * load the overflow pages of a large request body.
 */
export const MIGRATIONS: ReadonlyArray<(db: SqlDatabase) => void> = [
  function initialSchema(db) {
    db.exec(`
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        scenario_version INTEGER NOT NULL,
        language TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        settings TEXT NOT NULL
      );

      CREATE TABLE scenario_versions (
        endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        language TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT,
        restored_from INTEGER,
        code TEXT NOT NULL,
        compiled TEXT NOT NULL,
        PRIMARY KEY (endpoint_id, version)
      );

      CREATE TABLE processes (
        id TEXT PRIMARY KEY,
        endpoint_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        queued_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        duration_ms REAL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        status_token_hash TEXT,
        ip TEXT NOT NULL,
        rerun_of TEXT,
        logs_truncated INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        principal TEXT,
        error TEXT,
        callback_attempts TEXT NOT NULL,
        logs TEXT NOT NULL,
        response TEXT,
        request TEXT NOT NULL,
        input TEXT
      );
      CREATE INDEX processes_endpoint ON processes (endpoint_id, id);
      CREATE INDEX processes_status ON processes (status, id);
      CREATE INDEX processes_mode ON processes (mode, id);
      CREATE INDEX processes_queued_at ON processes (queued_at, id);
      CREATE INDEX processes_finished_at ON processes (finished_at);
      -- Every list filter in one narrow index, in id order: a search (q) scans this, not the table.
      CREATE INDEX processes_list ON processes (id, endpoint_id, status, mode, queued_at, search_text);

      CREATE TABLE idempotency (
        endpoint_id TEXT NOT NULL,
        key TEXT NOT NULL,
        process_id TEXT NOT NULL,
        response TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (endpoint_id, key)
      );
      CREATE INDEX idempotency_expires_at ON idempotency (expires_at);

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        email_lower TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        disabled INTEGER NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires_at ON sessions (expires_at);

      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },

  function apiTokens(db) {
    db.exec(`
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        user_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX api_tokens_user ON api_tokens (user_id, id);
    `);
  },

  function accessControl(db) {
    // Endpoint API keys: found by their public look-up part; only a keyed hash of the key is kept.
    // Rate counters: one row per (endpoint, caller, window); `expires_at` is epoch ms, and
    // retention deletes the expired ones. Audit entries are kept (small and rare), listed newest
    // first by (at, id) alone or within one actor, entity type or entity.
    db.exec(`
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        lookup TEXT NOT NULL UNIQUE,
        key_hash TEXT NOT NULL,
        endpoint_ids TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT,
        rotated_from TEXT
      );

      CREATE TABLE rate_counters (
        bucket TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX rate_counters_expires_at ON rate_counters (expires_at);

      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        actor_email TEXT,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        entity_name TEXT,
        ip TEXT NOT NULL,
        details TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at, id);
      CREATE INDEX audit_log_actor ON audit_log (actor_id, at, id);
      CREATE INDEX audit_log_entity_type ON audit_log (entity_type, at, id);
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at, id);
    `);
  },

  function outboundRecords(db) {
    // What a run sent out (`fetches`, `mails`) and its durable callback delivery. The table is
    // rebuilt rather than altered, because ADD COLUMN would append the new columns after
    // `input` (up to the whole request of a queued run): reading a record's callback would
    // then walk the overflow pages of the input. The unused `callback_attempts` goes with it.
    // Existing rows get no outbound records and no callback.
    //
    // `callback_due_at` (epoch ms) is set only while the callback is pending, so the partial
    // index holds the pending deliveries alone: a claim reads the index, never the history.
    // `callback_lease_*` fence a delivery to the instance that claimed it, as `lease_*` do runs.
    db.exec(`
      CREATE TABLE processes_v4 (
        id TEXT PRIMARY KEY,
        endpoint_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        queued_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        duration_ms REAL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        status_token_hash TEXT,
        ip TEXT NOT NULL,
        rerun_of TEXT,
        logs_truncated INTEGER NOT NULL,
        callback_due_at INTEGER,
        callback_lease_owner TEXT,
        callback_lease_expires_at INTEGER,
        search_text TEXT NOT NULL,
        principal TEXT,
        error TEXT,
        callback TEXT,
        fetches TEXT NOT NULL,
        mails TEXT NOT NULL,
        logs TEXT NOT NULL,
        response TEXT,
        request TEXT NOT NULL,
        input TEXT
      );
      INSERT INTO processes_v4 (id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at,
        started_at, finished_at, duration_ms, lease_owner, lease_expires_at, status_token_hash, ip, rerun_of,
        logs_truncated, search_text, principal, error, fetches, mails, logs, response, request, input)
      SELECT id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at,
        started_at, finished_at, duration_ms, lease_owner, lease_expires_at, status_token_hash, ip, rerun_of,
        logs_truncated, search_text, principal, error, '[]', '[]', logs, response, request, input
      FROM processes;
      DROP TABLE processes;
      ALTER TABLE processes_v4 RENAME TO processes;

      CREATE INDEX processes_endpoint ON processes (endpoint_id, id);
      CREATE INDEX processes_status ON processes (status, id);
      CREATE INDEX processes_mode ON processes (mode, id);
      CREATE INDEX processes_queued_at ON processes (queued_at, id);
      CREATE INDEX processes_finished_at ON processes (finished_at);
      CREATE INDEX processes_list ON processes (id, endpoint_id, status, mode, queued_at, search_text);
      CREATE INDEX processes_callback_due ON processes (callback_due_at, id, callback_lease_expires_at)
        WHERE callback_due_at IS NOT NULL;
    `);
  },

  function idempotencyKeysAndHealth(db) {
    // A process records the caller's Idempotency-Key, listed by key (exactly, alone or within
    // one endpoint) through a partial index that holds only the processes that have one.
    // ADD COLUMN puts it after `input`, which v4 rebuilt the table to avoid; here it costs
    // nothing worth a rebuild of the whole history at start-up: `input` is NULL once a run
    // finishes (the bulk of the table), and the few queued or running rows are read with
    // their input anyway when claimed. Existing rows read as NULL: no key.
    //
    // An idempotency record keeps the request's fingerprint; records written before read ''
    // (they match no request and expire within 24 h).
    //
    // `health` is the one-row table of the readiness write probe (`checkWritable`).
    db.exec(`
      ALTER TABLE processes ADD COLUMN idempotency_key TEXT;
      CREATE INDEX processes_idempotency ON processes (idempotency_key, endpoint_id, id)
        WHERE idempotency_key IS NOT NULL;
      ALTER TABLE idempotency ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
      CREATE TABLE health (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        checked_at TEXT NOT NULL
      );
    `);
  },

  function contentSearch(db) {
    // The list's `q` also finds words of the recorded request body and of the log text
    // (issue 15): an FTS5 index keyed by the process's rowid. Contentless (`content=''`), so
    // the texts are not stored twice; `contentless_delete` lets a row be dropped or replaced
    // by rowid alone. search-index.ts fills it off the request path, in batches, and always
    // before a search: the rows above `indexed_upto` (new runs: a rowid only grows) and the
    // rows in `processes_fts_pending` (indexed before, their logs or request changed since —
    // a trigger notes them, so no repository can forget one). Writing to the index, or even
    // to a second table, in each insert tripled the cost of recording a run. Deletes
    // (retention) drop the row from the index at once; deleting the newest row lowers the
    // mark, since its rowid can be given again. The rowid of `processes` is stable (retention
    // uses `incremental_vacuum`, which moves pages, not rows); after a full VACUUM, which may
    // renumber it, `INSERT INTO processes_fts(processes_fts) VALUES ('delete-all')` and
    // `UPDATE processes_fts_state SET indexed_upto = 0` rebuild the index. Needs SQLite ≥ 3.43
    // (both drivers ship 3.5x). Existing processes are indexed by the first background passes.
    db.exec(`
      CREATE VIRTUAL TABLE processes_fts USING fts5(
        body, logs, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE processes_fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
      INSERT INTO processes_fts_state (id, indexed_upto) VALUES (1, 0);
      CREATE TABLE processes_fts_pending (rowid INTEGER PRIMARY KEY);
      CREATE TRIGGER processes_fts_update AFTER UPDATE OF logs, request ON processes
      WHEN NEW.rowid <= (SELECT indexed_upto FROM processes_fts_state) BEGIN
        INSERT OR IGNORE INTO processes_fts_pending (rowid) VALUES (NEW.rowid);
      END;
      CREATE TRIGGER processes_fts_delete AFTER DELETE ON processes BEGIN
        DELETE FROM processes_fts WHERE rowid = OLD.rowid;
        DELETE FROM processes_fts_pending WHERE rowid = OLD.rowid;
        UPDATE processes_fts_state SET indexed_upto = OLD.rowid - 1
        WHERE indexed_upto >= OLD.rowid AND NOT EXISTS (SELECT 1 FROM processes WHERE rowid > OLD.rowid);
      END;
    `);
  },

  function scenarioDrafts(db) {
    // Draft, then publish: a version records its publisher's note (existing versions read NULL:
    // none), and each endpoint has at most one draft, removed with the endpoint.
    db.exec(`
      ALTER TABLE scenario_versions ADD COLUMN note TEXT;
      CREATE TABLE scenario_drafts (
        endpoint_id TEXT PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        saved_by TEXT,
        saved_at TEXT NOT NULL,
        based_on_version INTEGER NOT NULL,
        code TEXT NOT NULL
      );
    `);
  },
];

/**
 * Until ANALYZE has seen real data, SQLite assumes every index is equally selective and may
 * drive a filtered list through `mode` (half the table) rather than `endpoint_id`. When there
 * are no measured statistics for `processes` (a new file, or ANALYZE ran on an empty table),
 * these describe a typical history instead: many processes, tens of endpoints, a few
 * statuses, two modes. `PRAGMA optimize` replaces them with measured ones as data grows.
 */
export function ensurePlannerStatistics(db: SqlDatabase): void {
  const hasStatTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'`).get();
  if (!hasStatTable) db.exec('ANALYZE secrets');
  const measured = db.prepare(`SELECT 1 FROM sqlite_stat1 WHERE tbl = 'processes' LIMIT 1`).get();
  if (measured) return;
  const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  const rows: Array<[string | null, string]> = [
    [null, '1000000'],
    ['sqlite_autoindex_processes_1', '1000000 1'],
    ['processes_endpoint', '1000000 20000 1'],
    ['processes_status', '1000000 200000 1'],
    ['processes_mode', '1000000 500000 1'],
    ['processes_queued_at', '1000000 2 1'],
    ['processes_finished_at', '1000000 2'],
    ['processes_list', '1000000 1 1 1 1 1 1'],
    // Only pending callbacks: a handful, each due at its own time.
    ['processes_callback_due', '10 1 1 1'],
    // Only processes called with an Idempotency-Key, one or two per key.
    ['processes_idempotency', '1000 1 1 1'],
  ];
  db.transaction(() => {
    for (const [index, stat] of rows) insert.run('processes', index, stat);
  })();
  // Makes the connection reload the statistics it plans with.
  db.exec('ANALYZE sqlite_schema');
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the migrations this file has not seen yet, each in its own transaction. */
export function migrate(db: SqlDatabase): void {
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `The database was written by a newer Scriptgate (schema ${from}; this build knows ${SCHEMA_VERSION})`,
    );
  }
  for (let version = from; version < SCHEMA_VERSION; version += 1) {
    const step = MIGRATIONS[version];
    if (!step) break;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
