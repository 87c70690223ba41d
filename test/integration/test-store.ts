import { createHash, randomBytes } from 'node:crypto';
import { openMongoConnection } from '../../server/src/store/mongo/connection.js';
import { describeMongoTarget } from '../../server/src/store/mongo/test-target.js';

/**
 * Which store the integration servers use. By default the embedded store in each server's
 * DATA_DIR. With SCRIPTGATE_TEST_MONGODB_URI set (the `integration-mongo` project; CI points it
 * at the mongomock wire stand-in, test/support/with-mongo-wire.sh) every server gets MongoDB
 * instead, with one database per DATA_DIR: a server started again on the same DATA_DIR finds
 * its records, and two servers given the same DATA_DIR share one store, as on the embedded store.
 */

// An empty value counts as unset: the `integration` project blanks it to stay on the embedded store.
const MONGODB_URI = process.env.SCRIPTGATE_TEST_MONGODB_URI || undefined;

export const TEST_STORE: 'embedded' | 'mongo' = MONGODB_URI ? 'mongo' : 'embedded';

/** For test titles: the embedded store, a MongoDB and its version, or the stand-in CI uses. */
export async function describeTestStore(): Promise<string> {
  return MONGODB_URI ? describeMongoTarget(MONGODB_URI) : 'the embedded store';
}

/** A database name per DATA_DIR (at most 64 bytes, no `/`, `.` or spaces, as MongoDB requires). */
function databaseOf(dataDir: string): string {
  return `sg_it_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

/** The URI with its database path replaced; hosts, credentials and options are kept. */
export function withDatabase(uri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error('SCRIPTGATE_TEST_MONGODB_URI: expected mongodb://host[:port][/db][?options]');
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

// MongoDB stores secrets only with a SECRETS_KEY (the embedded store makes one in DATA_DIR): one
// per database, the same for every server on it, and unknown outside this test run.
const KEY_SALT = randomBytes(32);

/** The variables that point a server at the test store of `dataDir` (none for the embedded store). */
export function storeEnv(dataDir: string): Record<string, string> {
  if (!MONGODB_URI) return {};
  const secretsKey = createHash('sha256').update(KEY_SALT).update(dataDir).digest('hex');
  return { MONGODB_URI: withDatabase(MONGODB_URI, databaseOf(dataDir)), SECRETS_KEY: secretsKey };
}

/** Drops the MongoDB database of `dataDir`; the embedded store goes with the directory itself. */
export async function dropTestStore(dataDir: string): Promise<void> {
  if (!MONGODB_URI) return;
  const connection = await openMongoConnection(MONGODB_URI, { dbName: databaseOf(dataDir) });
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
