import { emailTaken } from '../store-errors.js';
import type { IdempotencyRecord, SessionRecord, UserPatch, UserRecord } from '../types.js';
import { isUniqueViolation } from './database.js';
import type { SqlDatabase, SqlStatement } from './sql.js';

/** Users, sessions, secrets and idempotency keys: the small tables. */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRecord['role'];
  disabled: number;
  password_hash: string;
  created_at: string;
}

interface IdempotencyRow {
  endpoint_id: string;
  key: string;
  fingerprint: string;
  process_id: string;
  response: string | null;
  created_at: string;
  expires_at: string;
}

export function createAccountRepo(db: SqlDatabase) {
  const s = {
    insertUser: db.prepare(
      `INSERT INTO users (id, email, email_lower, name, role, disabled, password_hash, created_at)
       VALUES (@id, @email, @email_lower, @name, @role, @disabled, @password_hash, @created_at)`,
    ),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email_lower = ?'),
    users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
    updateUser: db.prepare(
      `UPDATE users SET email = @email, email_lower = @email_lower, name = @name, role = @role, disabled = @disabled,
         password_hash = @password_hash WHERE id = @id`,
    ),
    countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
    insertSession: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    session: db.prepare<
      [string, string],
      { id: string; user_id: string; csrf_token: string; created_at: string; expires_at: string }
    >('SELECT * FROM sessions WHERE id = ? AND expires_at > ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
    deleteUserSessions: db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?'),
    secrets: db.prepare<[], { name: string; value: string; updated_at: string }>('SELECT * FROM secrets ORDER BY name'),
    putSecret: db.prepare<[string, string, string]>(
      `INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    deleteSecret: db.prepare<[string]>('DELETE FROM secrets WHERE name = ?'),
    idempotency: db.prepare<[string, string], IdempotencyRow>(
      'SELECT * FROM idempotency WHERE endpoint_id = ? AND key = ?',
    ),
    liveIdempotency: db.prepare<[string, string, string], IdempotencyRow>(
      'SELECT * FROM idempotency WHERE endpoint_id = ? AND key = ? AND expires_at > ?',
    ),
    // One statement: inserts, or replaces a record that has expired; returns nothing when a
    // live record holds the key. With the primary key, no two writers can both insert.
    putIdempotency: db.prepare<IdempotencyRow & { now: string }, IdempotencyRow>(
      `INSERT INTO idempotency (endpoint_id, key, fingerprint, process_id, response, created_at, expires_at)
       VALUES (@endpoint_id, @key, @fingerprint, @process_id, @response, @created_at, @expires_at)
       ON CONFLICT (endpoint_id, key) DO UPDATE SET fingerprint = excluded.fingerprint,
         process_id = excluded.process_id, response = excluded.response, created_at = excluded.created_at,
         expires_at = excluded.expires_at
       WHERE idempotency.expires_at <= @now
       RETURNING *`,
    ),
    takeOverIdempotency: db.prepare<IdempotencyRow & { expected: string }>(
      `UPDATE idempotency SET fingerprint = @fingerprint, process_id = @process_id, response = @response,
         created_at = @created_at, expires_at = @expires_at
       WHERE endpoint_id = @endpoint_id AND key = @key AND process_id = @expected AND response IS NULL`,
    ),
    setIdempotencyResponse: db.prepare<{
      response: string | null;
      endpointId: string;
      key: string;
      processId: string | null;
    }>(
      `UPDATE idempotency SET response = @response
       WHERE endpoint_id = @endpointId AND key = @key AND (@processId IS NULL OR process_id = @processId)`,
    ),
  };

  const updateUserTx = db.transaction((id: string, patch: UserPatch): UserRecord | null => {
    const row = s.userById.get(id);
    if (!row) return null;
    const user: UserRecord = { ...toUser(row), ...pickUserPatch(patch) };
    writeUser(s.updateUser, user);
    return user;
  });

  // Runs in the write batch's transaction (BEGIN IMMEDIATE), so the read of a live record
  // after a refused insert sees the record that refused it.
  function putIdempotency(record: IdempotencyRecord) {
    const inserted = s.putIdempotency.get({ ...toIdempotencyRow(record), now: new Date().toISOString() });
    if (inserted) return { created: true, record: toIdempotency(inserted) };
    const existing = s.idempotency.get(record.endpointId, record.key);
    if (!existing) throw new Error('The idempotency key was neither inserted nor found');
    return { created: false, record: toIdempotency(existing) };
  }

  return {
    createUser(user: UserRecord): UserRecord {
      writeUser(s.insertUser, user);
      return toUser(s.userById.get(user.id) as UserRow);
    },
    getUser: (id: string) => map(s.userById.get(id), toUser),
    getUserByEmail: (email: string) => map(s.userByEmail.get(email.toLowerCase()), toUser),
    listUsers: () => s.users.all().map(toUser),
    updateUser: (id: string, patch: UserPatch) => updateUserTx.immediate(id, patch),
    countUsers: () => s.countUsers.get()?.n ?? 0,
    createSession(session: SessionRecord): void {
      s.insertSession.run(session.id, session.userId, session.csrfToken, session.createdAt, session.expiresAt);
    },
    getSession(id: string): SessionRecord | null {
      const row = s.session.get(id, new Date().toISOString());
      return row
        ? {
            id: row.id,
            userId: row.user_id,
            csrfToken: row.csrf_token,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          }
        : null;
    },
    deleteSession: (id: string) => void s.deleteSession.run(id),
    deleteUserSessions: (userId: string) => void s.deleteUserSessions.run(userId),
    listSecrets: () => s.secrets.all().map((row) => ({ name: row.name, value: row.value, updatedAt: row.updated_at })),
    putSecret: (name: string, value: string) => void s.putSecret.run(name, value, new Date().toISOString()),
    deleteSecret: (name: string) => s.deleteSecret.run(name).changes > 0,
    putIdempotency,
    getIdempotency: (endpointId: string, key: string) =>
      map(s.liveIdempotency.get(endpointId, key, new Date().toISOString()), toIdempotency),
    takeOverIdempotency(endpointId: string, key: string, expectedProcessId: string, record: IdempotencyRecord) {
      const row = { ...toIdempotencyRow(record), endpoint_id: endpointId, key, expected: expectedProcessId };
      return s.takeOverIdempotency.run(row).changes > 0;
    },
    setIdempotencyResponse(
      endpointId: string,
      key: string,
      response: IdempotencyRecord['response'],
      processId?: string,
    ): boolean {
      const params = { response: jsonOrNull(response), endpointId, key, processId: processId ?? null };
      return s.setIdempotencyResponse.run(params).changes > 0;
    },
  };
}

function pickUserPatch(patch: UserPatch): UserPatch {
  const { name, role, disabled, passwordHash, email } = patch;
  return Object.fromEntries(
    Object.entries({ name, role, disabled, passwordHash, email }).filter(([, value]) => value !== undefined),
  );
}

/** Inserts or updates a user row with `statement`; a second account with the same email is `email_taken`. */
export function writeUser(statement: SqlStatement, user: UserRecord): void {
  try {
    statement.run({
      id: user.id,
      email: user.email,
      email_lower: user.email.toLowerCase(),
      name: user.name,
      role: user.role,
      disabled: user.disabled ? 1 : 0,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

function toIdempotencyRow(record: IdempotencyRecord): IdempotencyRow {
  return {
    endpoint_id: record.endpointId,
    key: record.key,
    fingerprint: record.fingerprint,
    process_id: record.processId,
    response: jsonOrNull(record.response),
    // One form of time, so that expiry compares as text.
    created_at: new Date(record.createdAt).toISOString(),
    expires_at: new Date(record.expiresAt).toISOString(),
  };
}

function toIdempotency(row: IdempotencyRow): IdempotencyRecord {
  return {
    endpointId: row.endpoint_id,
    key: row.key,
    fingerprint: row.fingerprint,
    processId: row.process_id,
    response: row.response === null ? null : (JSON.parse(row.response) as IdempotencyRecord['response']),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function map<R, T>(row: R | undefined, toRecord: (row: R) => T): T | null {
  return row === undefined ? null : toRecord(row);
}
