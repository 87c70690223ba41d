import { randomBytes } from 'node:crypto';
import { openMongoConnection } from './connection.js';

/**
 * For the tests that run against MONGODB_URI: what it points at, so a test title says whether
 * it ran on a real MongoDB or on the stand-in CI uses — mongomock behind a wire-protocol front
 * (test/support/mongo-wire), which answers like MongoDB 5.0 but is an in-memory imitation:
 * TTL indexes delete at every access, no transactions, sessions or change streams. A real
 * server's `buildInfo` names the git commit it was built from; the stand-in's has no such field.
 */
export async function describeMongoTarget(uri: string): Promise<string> {
  const connection = await openMongoConnection(uri);
  try {
    const db = connection.db;
    if (!db) throw new Error(`No database handle for ${uri}`);
    const info = (await db.admin().command({ buildInfo: 1 })) as { version?: unknown; gitVersion?: unknown };
    const version = String(info.version);
    return typeof info.gitVersion === 'string'
      ? `MongoDB ${version}`
      : `the mongomock wire stand-in (answers as MongoDB ${version}), not a real MongoDB`;
  } finally {
    await connection.close();
  }
}

/** A fresh database name per test, dropped afterwards, so runs never see each other's data. */
export function testDatabaseName(): string {
  return `scriptgate_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test database; the store using it must be closed first. */
export async function dropTestDatabase(uri: string, dbName: string): Promise<void> {
  const admin = await openMongoConnection(uri, { dbName });
  try {
    await admin.dropDatabase();
  } finally {
    await admin.close();
  }
}
