import { chmodSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { destination } from 'pino';
import { ConfigError, loadConfig } from '../core/config.js';
import { createLogger } from '../core/log.js';
import { loadKeyring } from '../secrets/keyring.js';
import { backupSecretCodec } from '../secrets/open.js';
import { openStore } from '../store/open.js';
import { exportData, importData } from './export-import.js';

const USAGE = `Usage:
  node --no-node-snapshot server/dist/cli/main.js export [--out backup.ndjson]   (stdout without --out)
  node --no-node-snapshot server/dist/cli/main.js import < backup.ndjson

The store is the server's: MongoDB when MONGODB_URI is set, else the embedded file in DATA_DIR.
Stop the server first, so the backup holds no run that is still changing.
A backup holds every secret value in plaintext (so it imports into a store with another
SECRETS_KEY): keep it as private as the secrets. --out writes the file with mode 0600.
`;

const SECRETS_WARNING =
  'scriptgate export: this backup holds every secret value in PLAINTEXT (and password hashes). Keep it private; --out FILE writes it with mode 0600.\n';

/** `--out FILE`: created (or truncated) with mode 0600 before a byte is written. */
async function openOutput(file: string): Promise<Writable> {
  const stream = createWriteStream(file, { mode: 0o600, flags: 'w' });
  await once(stream, 'open');
  // An existing file keeps its old mode when truncated.
  chmodSync(file, 0o600);
  return stream;
}

function parseExportArgs(args: string[]): { out: string | null } | null {
  if (args.length === 0) return { out: null };
  if (args.length === 2 && args[0] === '--out' && args[1]) return { out: args[1] };
  if (args.length === 1 && args[0]!.startsWith('--out=') && args[0]!.length > 6) return { out: args[0]!.slice(6) };
  return null;
}

/** `export` and `import` of a whole installation (see export-import.ts), e.g. embedded → MongoDB. */
async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command !== 'export' && command !== 'import') {
    process.stderr.write(USAGE);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
  const exportArgs = command === 'export' ? parseExportArgs(argv.slice(1)) : { out: null };
  if (!exportArgs || (command === 'import' && argv.length > 1)) {
    process.stderr.write(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // stdout carries the backup itself, so every log line goes to stderr. Counts are logged as
  // one text: a `secret` key would be censored by the logger's redaction.
  const summary = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([kind, n]) => `${kind}=${n}`)
      .join(' ');
  const log = createLogger(config.LOG_LEVEL, destination({ fd: 2, sync: true }));
  const store = await openStore(config, log);
  try {
    // The same key the server uses; an import into a fresh embedded store creates it as the server would.
    const keyring = loadKeyring({
      secretsKey: config.SECRETS_KEY,
      dataDir: config.DATA_DIR,
      storeKind: store.kind,
      log,
      create: command === 'import',
    });
    const codec = backupSecretCodec(keyring);
    if (command === 'export') {
      process.stderr.write(SECRETS_WARNING);
      const output = exportArgs.out ? await openOutput(exportArgs.out) : process.stdout;
      const counts = await exportData(store, output, undefined, codec);
      if (output !== process.stdout) {
        output.end();
        await once(output, 'finish');
      }
      log.info(
        { records: summary(counts), store: store.kind, ...(exportArgs.out ? { file: exportArgs.out } : {}) },
        'export finished',
      );
    } else {
      const counts = await importData(store, process.stdin, codec);
      log.info({ records: summary(counts), store: store.kind }, 'import finished');
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const { message, code } = err as { message?: string; code?: string };
    process.stderr.write(
      `scriptgate ${process.argv[2] ?? ''} failed: ${code ? `[${code}] ` : ''}${message ?? String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
