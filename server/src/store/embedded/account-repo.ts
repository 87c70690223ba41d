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
    putIdempotency: db.prepare(
      `INSERT OR REPLACE INTO idempotency (endpoint_id, key, process_id, response, created_at, expires_at)
       VALUES (@endpoint_id, @key, @process_id, @response, @created_at, @expires_at)`,
    ),
    setIdempotencyResponse: db.prepare<[string | null, string, string]>(
      'UPDATE idempotency SET response = ? WHERE endpoint_id = ? AND key = ?',
    ),
  };

  function writeUser(statement: SqlStatement, user: UserRecord): void {
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

  const updateUserTx = db.transaction((id: string, patch: UserPatch): UserRecord | null => {
    const row = s.userById.get(id);
    if (!row) return null;
    const user: UserRecord = { ...toUser(row), ...pickUserPatch(patch) };
    writeUser(s.updateUser, user);
    return user;
  });

  const putIdempotencyTx = db.transaction((record: IdempotencyRecord) => {
    const existing = s.idempotency.get(record.endpointId, record.key);
    if (existing && existing.expires_at > new Date().toISOString()) {
      return { created: false, record: toIdempotency(existing) };
    }
    const row: IdempotencyRow = {
      endpoint_id: record.endpointId,
      key: record.key,
      process_id: record.processId,
      response: record.response === null ? null : JSON.stringify(record.response),
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    };
    s.putIdempotency.run(row);
    return { created: true, record: toIdempotency(row) };
  });

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
    putIdempotency: (record: IdempotencyRecord) => putIdempotencyTx.immediate(record),
    setIdempotencyResponse(endpointId: string, key: string, response: IdempotencyRecord['response']): void {
      s.setIdempotencyResponse.run(response === null ? null : JSON.stringify(response), endpointId, key);
    },
  };
}

function pickUserPatch(patch: UserPatch): UserPatch {
  const { name, role, disabled, passwordHash, email } = patch;
  return Object.fromEntries(
    Object.entries({ name, role, disabled, passwordHash, email }).filter(([, value]) => value !== undefined),
  );
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

function toIdempotency(row: IdempotencyRow): IdempotencyRecord {
  return {
    endpointId: row.endpoint_id,
    key: row.key,
    processId: row.process_id,
    response: row.response === null ? null : (JSON.parse(row.response) as IdempotencyRecord['response']),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function map<R, T>(row: R | undefined, toRecord: (row: R) => T): T | null {
  return row === undefined ? null : toRecord(row);
}
