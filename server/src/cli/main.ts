import { destination } from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open.js';
import { exportData, importData } from './export-import.js';

const USAGE = `Usage:
  node --no-node-snapshot server/dist/cli/main.js export > backup.ndjson
  node --no-node-snapshot server/dist/cli/main.js import < backup.ndjson

The store is the server's: MongoDB when MONGODB_URI is set, else the embedded file in DATA_DIR.
Stop the server first, so the backup holds no run that is still changing.
`;

/** `export` and `import` of a whole installation (see export-import.ts), e.g. embedded → MongoDB. */
async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command !== 'export' && command !== 'import') {
    process.stderr.write(USAGE);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
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
  const summary = (counts: Record<string, number>) => Object.entries(counts).map(([kind, n]) => `${kind}=${n}`).join(' ');
  const log = createLogger(config.LOG_LEVEL, destination({ fd: 2, sync: true }));
  const store = await openStore(config, log);
  try {
    if (command === 'export') {
      const counts = await exportData(store, process.stdout);
      log.info({ records: summary(counts), store: store.kind }, 'export finished');
    } else {
      const counts = await importData(store, process.stdin);
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
    process.stderr.write(`scriptgate ${process.argv[2] ?? ''} failed: ${code ? `[${code}] ` : ''}${message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
