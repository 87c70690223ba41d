import {
  DRIVER_LABELS,
  type SqlDatabase,
  type SqliteDriver,
  type SqlParams,
  type SqlRunResult,
  type SqlStatement,
  type SqlTransaction,
} from './sql.js';

/**
 * The embedded store on `node:sqlite` (Node ≥ 22.13 / 23.4 without a flag): nothing to
 * compile. The adapter makes it behave like better-sqlite3 where the store relies on it:
 *
 * - named parameters: node:sqlite throws on object keys that are not parameters of the
 *   statement, and binding by name is slow; `@name`s become `?`s when the statement is
 *   prepared and each call binds an array built from the object (see toPositional). Extra keys
 *   are ignored, a missing one throws and `undefined` binds NULL, as in better-sqlite3;
 * - `transaction()` with `.immediate()`, nesting as SAVEPOINTs (write-batch.ts needs a failed
 *   nested write to roll back alone);
 * - `pragma()`, which node:sqlite does not have.
 *
 * Only the API present since 22.13 is used; newer helpers (`isTransaction`) when present.
 */

/** What the store uses of node:sqlite; declared here because @types/node 20 does not know the module. */
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => NodeDatabase;
}
interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
  /** Node ≥ 22.16 / 24. */
  readonly isTransaction?: boolean;
}
interface NodeStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** node:sqlite, or an Error saying why this Node has none. */
export function loadNodeSqlite(): SqliteDriver {
  const module = nodeSqliteModule();
  if (!module) {
    throw new Error(`node:sqlite is not available on Node ${process.versions.node} (it needs Node 22.13+ or 23.4+)`);
  }
  return {
    name: 'node',
    label: DRIVER_LABELS.node,
    open: (file, options) =>
      new NodeSqlDatabase(new module.DatabaseSync(file, { readOnly: options?.readonly ?? false })),
  };
}

function nodeSqliteModule(): NodeSqliteModule | undefined {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  try {
    // Undefined on Node 20, and on Node 22 before 22.13 unless --experimental-sqlite.
    const module = getBuiltinModule?.('node:sqlite') as Partial<NodeSqliteModule> | undefined;
    return typeof module?.DatabaseSync === 'function' ? (module as NodeSqliteModule) : undefined;
  } catch {
    return undefined;
  }
}

class NodeSqlDatabase implements SqlDatabase {
  readonly driver = 'node' as const;
  #open = true;
  /** Transactions this adapter has open; used where node:sqlite has no `isTransaction`. */
  #depth = 0;
  readonly #db: NodeDatabase;
  readonly #control: Record<
    'begin' | 'beginImmediate' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    NodeStatement
  >;

  constructor(db: NodeDatabase) {
    this.#db = db;
    // One savepoint name for every level, as better-sqlite3 does: RELEASE and ROLLBACK TO act on the innermost.
    this.#control = {
      begin: db.prepare('BEGIN'),
      beginImmediate: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT scriptgate'),
      release: db.prepare('RELEASE scriptgate'),
      rollbackTo: db.prepare('ROLLBACK TO scriptgate'),
    };
  }

  get open(): boolean {
    return this.#open;
  }

  prepare<P extends SqlParams = unknown[], R = unknown>(sql: string): SqlStatement<P, R> {
    // The statement checks its arguments at run time, as the drivers do; the types are the caller's promise.
    const compiled = toPositional(sql);
    return new NodeSqlStatement(this.#db.prepare(compiled.sql), compiled.names) as unknown as SqlStatement<P, R>;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  pragma(text: string, options?: { simple?: boolean }): unknown {
    const rows = this.#db.prepare(`PRAGMA ${text}`).all() as Array<Record<string, unknown>>;
    if (!options?.simple) return rows;
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqlTransaction<A, R> {
    const deferred = (...args: A): R => this.#within(false, () => fn(...args));
    return Object.assign(deferred, { immediate: (...args: A): R => this.#within(true, () => fn(...args)) });
  }

  close(): void {
    if (!this.#open) return;
    this.#db.close();
    this.#open = false;
  }

  #inTransaction(): boolean {
    const native = this.#db.isTransaction;
    return typeof native === 'boolean' ? native : this.#depth > 0;
  }

  /** better-sqlite3's transaction wrapper, step for step. */
  #within<R>(immediate: boolean, body: () => R): R {
    const control = this.#control;
    const nested = this.#inTransaction();
    (nested ? control.savepoint : immediate ? control.beginImmediate : control.begin).run();
    this.#depth += 1;
    try {
      const result = body();
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      (nested ? control.release : control.commit).run();
      return result;
    } catch (error) {
      // SQLite may already have rolled the whole transaction back (SQLITE_FULL, IOERR, …).
      if (this.#inTransaction()) {
        try {
          (nested ? control.rollbackTo : control.rollback).run();
          if (nested) control.release.run();
        } catch {
          // The error that made us roll back is the one worth reporting.
        }
      }
      throw error;
    } finally {
      this.#depth -= 1;
    }
  }
}

class NodeSqlStatement {
  readonly #statement: NodeStatement;
  /** The named parameter of each `?`, in order; empty for a statement with positional parameters. */
  readonly #names: readonly string[];

  constructor(statement: NodeStatement, names: readonly string[]) {
    this.#statement = statement;
    this.#names = names;
  }

  run(...params: unknown[]): SqlRunResult {
    return this.#statement.run(...this.#bind(params));
  }

  get(...params: unknown[]): unknown {
    return this.#statement.get(...this.#bind(params));
  }

  all(...params: unknown[]): unknown[] {
    return this.#statement.all(...this.#bind(params));
  }

  #bind(params: unknown[]): unknown[] {
    if (this.#names.length === 0) {
      return params.includes(undefined) ? params.map((value) => (value === undefined ? null : value)) : params;
    }
    const [values] = params;
    if (params.length !== 1 || !isNamedParameters(values)) {
      throw new TypeError('This statement has named parameters: pass them as one object');
    }
    const bound = new Array<unknown>(this.#names.length);
    for (let index = 0; index < bound.length; index += 1) {
      const name = this.#names[index] as string;
      const value = values[name];
      if (value === undefined && !(name in values)) throw new RangeError(`Missing named parameter "${name}"`);
      bound[index] = value === undefined ? null : value;
    }
    return bound;
  }
}

function isNamedParameters(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** String literals, quoted identifiers and comments (skipped), named parameters (group 1), `?` and `?NNN` (group 2). */
const SQL_TOKENS =
  /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[@:$]([A-Za-z_][A-Za-z0-9_]*)|(\?\d*)/g;

/**
 * Rewrites `@name` (and `:name`, `$name`) parameters to `?`, with the name of each in order.
 * node:sqlite binds by name at several times the cost of by position (a 24-column insert:
 * about 9 µs against 2 µs), and looks every object key up, so an unknown key throws. Binding
 * an array built from the names is faster and ignores extra keys, as better-sqlite3 does.
 */
export function toPositional(sql: string): { sql: string; names: string[] } {
  const names: string[] = [];
  let positional = false;
  const rewritten = sql.replace(SQL_TOKENS, (token: string, name: string | undefined, question: string | undefined) => {
    if (name !== undefined) {
      names.push(name);
      return '?';
    }
    if (question !== undefined) positional = true;
    return token;
  });
  if (names.length === 0) return { sql, names };
  if (positional) throw new TypeError('A statement cannot mix ? and named parameters');
  return { sql: rewritten, names };
}
