import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPositional } from './driver-node.js';
import { DRIVER_PREFERENCE, loadSqliteDriver, probeSqliteDriver } from './drivers.js';
import { createEmbeddedStore } from './embedded-store.js';
import { sqliteErrorCode, type SqlDatabase, type SqliteDriver } from './sql.js';

// The adapters behind the store, on each driver this Node can load (embedded-store.test.ts
// prints which ones are skipped and why).
const available = DRIVER_PREFERENCE.flatMap((name) => {
  const outcome = probeSqliteDriver(name);
  return 'driver' in outcome ? [outcome.driver] : [];
});
const hasNodeSqlite = available.some((driver) => driver.name === 'node');

for (const driver of available) describeDriver(driver);

/** A test that needs a particular set of drivers: skipped with one printed line saying why. */
function itWhen(runs: boolean, whySkipped: string, name: string, test: () => Promise<void>): void {
  if (runs) {
    it(name, test);
    return;
  }
  console.warn(`[sqlite drivers] SKIPPED "${name}": ${whySkipped}`);
  it.skip(`${name} — ${whySkipped}`, test);
}

function describeDriver(driver: SqliteDriver): void {
  describe(`SQLite driver ${driver.label}`, () => {
    let dir: string;
    let db: SqlDatabase;
    const file = () => path.join(dir, 'test.db');

    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-sql-'));
      db = driver.open(file());
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT)');
    });
    afterEach(async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    });

    const names = () =>
      db
        .prepare<[], { name: string }>('SELECT name FROM items ORDER BY id')
        .all()
        .map((row) => row.name);

    it('binds named parameters from an object with extra keys, undefined as NULL, and reports what run changed', () => {
      const insert = db.prepare('INSERT INTO items (name, note) VALUES (@name, @note)');
      expect(insert.run({ name: 'a', note: undefined, unrelated: 1 })).toEqual({ changes: 1, lastInsertRowid: 1 });
      const row = db
        .prepare<{ name: string }, { note: unknown }>('SELECT note FROM items WHERE name = @name')
        .get({ name: 'a' });
      expect(row?.note).toBeNull();
      expect(() => insert.run({ name: 'b' })).toThrow(/note/);
    });

    it('binds a named parameter used more than once, and positional ones', () => {
      db.prepare('INSERT INTO items (name, note) VALUES (?, ?)').run('a', 'x');
      const update = db.prepare(`UPDATE items SET note = @value || '$[#]' || @value WHERE name = @name`);
      expect(update.run({ value: 'v', name: 'a' }).changes).toBe(1);
      expect(db.prepare<[string], { note: string }>('SELECT note FROM items WHERE name = ?').get('a')?.note).toBe(
        'v$[#]v',
      );
    });

    it('commits a transaction, and rolls it back whole when its function throws', () => {
      const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
      const insertAll = db.transaction((...items: string[]) => items.forEach((name) => insert.run(name)));
      insertAll.immediate('a', 'b');
      expect(() => insertAll('c', 'a')).toThrow();
      expect(names()).toEqual(['a', 'b']);
    });

    it('rolls back a failed nested transaction alone, keeping the rest of the outer one', () => {
      const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
      const insertTwo = db.transaction((first: string, second: string) => {
        insert.run(first);
        insert.run(second);
      });
      const batch = db.transaction(() => {
        insertTwo('a', 'b');
        expect(() => insertTwo('c', 'a')).toThrow();
        insertTwo('d', 'e');
      });
      batch.immediate();
      expect(names()).toEqual(['a', 'b', 'd', 'e']);
    });

    it('reports a unique violation, and a file another connection is writing, with the same codes', () => {
      db.prepare('INSERT INTO items (name) VALUES (?)').run('a');
      let violation: unknown;
      try {
        db.prepare('INSERT INTO items (name) VALUES (?)').run('a');
      } catch (err) {
        violation = err;
      }
      expect(sqliteErrorCode(violation)).toBe('SQLITE_CONSTRAINT_UNIQUE');

      const other = driver.open(file());
      try {
        other.pragma('busy_timeout = 0');
        // BEGIN IMMEDIATE holds the write lock from the start, so the other writer is turned away.
        db.transaction(() => {
          let busy: unknown;
          try {
            other.exec('BEGIN IMMEDIATE');
          } catch (err) {
            busy = err;
          }
          expect(sqliteErrorCode(busy)).toBe('SQLITE_BUSY');
        }).immediate();
      } finally {
        other.close();
      }
    });

    it('reads a pragma as rows or as a single value', () => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('table_info(items)')).toEqual([
        expect.objectContaining({ name: 'id' }),
        expect.objectContaining({ name: 'name' }),
        expect.objectContaining({ name: 'note' }),
      ]);
    });

    it('says it is closed once closed', () => {
      expect(db.open).toBe(true);
      db.close();
      expect(db.open).toBe(false);
      db = driver.open(file());
    });
  });
}

describe('SQLite driver choice', () => {
  it('prefers node:sqlite when this Node has it, else better-sqlite3', () => {
    expect(loadSqliteDriver('auto').name).toBe(hasNodeSqlite ? 'node' : 'better');
  });

  itWhen(
    !hasNodeSqlite,
    `Node ${process.versions.node} has node:sqlite, so there is no refusal to check`,
    'refuses SQLITE_DRIVER=node on a Node without node:sqlite, naming the version it needs',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-sql-'));
      try {
        await expect(createEmbeddedStore({ dataDir, driver: 'node' })).rejects.toMatchObject({
          code: 'store_unavailable',
          message: expect.stringMatching(/node:sqlite .*22\.13/),
        });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );

  itWhen(
    available.length === 2,
    `only ${available.map((driver) => driver.name).join(', ') || 'no driver'} loads on Node ${process.versions.node}; both must load in one Node (22.13+ with better-sqlite3 built for it)`,
    'opens a file written by one driver with the other',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-sql-'));
      try {
        const first = await createEmbeddedStore({ dataDir, driver: 'better' });
        await first.putSecret('TOKEN', 'kept');
        await first.close();
        const second = await createEmbeddedStore({ dataDir, driver: 'node' });
        expect((await second.listSecrets()).map((secret) => secret.value)).toEqual(['kept']);
        await second.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});

describe('node:sqlite parameters', () => {
  it('turns named parameters into positional ones, leaving literals, identifiers and comments alone', () => {
    const sql = `SELECT '@a :b $c', "@d", [@e] FROM t /* @f */ WHERE x = @g AND y = :h -- @i
      AND z IN (json_each($j)) AND w = @g`;
    const { sql: rewritten, names } = toPositional(sql);
    expect(names).toEqual(['g', 'h', 'j', 'g']);
    expect(rewritten).toBe(`SELECT '@a :b $c', "@d", [@e] FROM t /* @f */ WHERE x = ? AND y = ? -- @i
      AND z IN (json_each(?)) AND w = ?`);
  });

  it('leaves positional statements as written and refuses a mix of both', () => {
    expect(toPositional('SELECT ?1, ?')).toEqual({ sql: 'SELECT ?1, ?', names: [] });
    expect(() => toPositional('SELECT ?, @a')).toThrow(/mix/);
  });

  it('names node:sqlite result codes as better-sqlite3 does', () => {
    const nodeError = (errcode: number) => Object.assign(new Error('x'), { code: 'ERR_SQLITE_ERROR', errcode });
    expect(sqliteErrorCode(nodeError(2067))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(sqliteErrorCode(nodeError(5))).toBe('SQLITE_BUSY');
    expect(sqliteErrorCode(nodeError(266))).toBe('SQLITE_IOERR');
    expect(sqliteErrorCode(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBe('SQLITE_FULL');
    expect(sqliteErrorCode(new Error('x'))).toBeUndefined();
  });
});
