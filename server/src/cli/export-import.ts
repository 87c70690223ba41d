import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { withEndpointSecrets } from '../store/sealed-access.js';
import { TRANSFER_KINDS, type Store, type TransferKind, type TransferRecord } from '../store/types.js';

/**
 * Backups as NDJSON, one JSON value per line, so a history of any size streams through in
 * constant memory and a backup can be read with ordinary tools (`head`, `jq`, `grep`):
 *
 *   {"format":"scriptgate-backup","version":2,"exportedAt":"…","source":"embedded"}
 *   {"type":"endpoint","endpoint":{…}}            … then scenario versions and drafts, processes, users, secrets, API tokens,
 *                                                  endpoint API keys and audit entries
 *   {"type":"end","counts":{"endpoint":3,…}}      a backup without this line was cut short
 *
 * Import upserts by id (see `Store.importRecords`), so running it twice changes nothing, and it
 * works across adapters: this is how an embedded installation moves to MongoDB.
 *
 * Version 2 added API tokens (hashes only); version 3 endpoint API keys (keyed hashes only) and
 * the audit log; version 4 endpoints' callback secrets (plaintext, below) and what each process
 * sent out (`fetches`, `mails`, its `callback` delivery; a pending one is delivered by the
 * target, as the claim leases are not exported). A process from an older backup gets none of
 * those. Version 5 added endpoints' scenario drafts and the publisher's note on each version
 * (a version from an older backup has none). Rate-limit counters are never backed up: they only matter within their window.
 * An older backup still imports: a kind its end line does not count was unknown to the writer,
 * so the backup must hold none of it.
 *
 * Secret values travel in plaintext (`"secretValues":"plaintext"` in the header), as every
 * version has written them: the store seals them with its own key (`SecretCodec`), so a backup
 * moves between installations with different keys. The same holds for an endpoint's HMAC or JWT
 * secret (sealed for `accessSecretPurpose`) and its callback secret (`callbackSecretPurpose`).
 * A build older than version 4 does not know the callback secret and would store it as it
 * reads it, in plaintext: the version number makes it refuse such a backup. Endpoint API keys
 * travel as the store keeps them,
 * keyed hashes: they verify on the target only when it hashes with the same pepper. A backup is therefore as sensitive as the
 * secrets themselves; the CLI says so and writes `--out` files 0600.
 */
export const BACKUP_FORMAT = 'scriptgate-backup';
export const BACKUP_VERSION = 5;

const EXPORT_PAGE = 500;
const IMPORT_BATCH = 500;

export type TransferCounts = Record<TransferKind, number>;

/** Between the sealed values a store keeps and the plaintext a backup holds. */
export interface SecretCodec {
  reveal(name: string, stored: string): string;
  seal(name: string, plaintext: string): string;
}

/** For stores whose values are not sealed (tests, and data written before sealing existed). */
const PLAIN: SecretCodec = { reveal: (_name, value) => value, seal: (_name, value) => value };

export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

function zeroCounts(): TransferCounts {
  return Object.fromEntries(TRANSFER_KINDS.map((kind) => [kind, 0])) as TransferCounts;
}

/** Writes one line, waiting when the destination asks to (a pipe to a slow disk or gzip). */
async function writeLine(writable: Writable, value: unknown): Promise<void> {
  if (!writable.write(`${JSON.stringify(value)}\n`)) await once(writable, 'drain');
}

export async function exportData(
  store: Store,
  writable: Writable,
  now: () => Date = () => new Date(),
  secrets: SecretCodec = PLAIN,
): Promise<TransferCounts> {
  const counts = zeroCounts();
  await writeLine(writable, {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now().toISOString(),
    source: store.kind,
    secretValues: 'plaintext',
  });
  for (const kind of TRANSFER_KINDS) {
    let after: string | null = null;
    do {
      const page: { records: TransferRecord[]; next: string | null } = await store.exportRecords(
        kind,
        after,
        EXPORT_PAGE,
      );
      for (const record of page.records) await writeLine(writable, revealed(record, secrets));
      counts[kind] += page.records.length;
      after = page.next;
    } while (after !== null);
  }
  await writeLine(writable, { type: 'end', counts });
  return counts;
}

export async function importData(
  store: Store,
  readable: Readable,
  secrets: SecretCodec = PLAIN,
): Promise<TransferCounts> {
  const counts = zeroCounts();
  const lines = createInterface({ input: readable, crlfDelay: Infinity });
  let lineNumber = 0;
  let headerSeen = false;
  let expected: unknown = null;
  let batch: TransferRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.importRecords(batch);
    for (const record of batch) counts[record.type] += 1;
    batch = [];
  };

  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const value = parseLine(line, lineNumber);
    if (!headerSeen) {
      checkHeader(value, lineNumber);
      headerSeen = true;
      continue;
    }
    if (expected !== null) throw new BackupFormatError(`line ${lineNumber}: data after the end line`);
    if (isEnd(value)) {
      expected = value.counts;
      continue;
    }
    batch.push(sealed(toRecord(value, lineNumber), secrets, lineNumber));
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  if (!headerSeen) throw new BackupFormatError('the backup is empty');
  if (expected === null) throw new BackupFormatError('the backup is incomplete: its end line is missing');
  for (const kind of TRANSFER_KINDS) {
    const wanted = (expected as Partial<Record<string, unknown>>)[kind] ?? 0;
    if (wanted !== counts[kind]) {
      throw new BackupFormatError(`the backup announced ${String(wanted)} ${kind} records but held ${counts[kind]}`);
    }
  }
  return counts;
}

/** A record as the backup holds it: secret values, and endpoints' HMAC/JWT and callback secrets, in plaintext. */
function revealed(record: TransferRecord, secrets: SecretCodec): TransferRecord {
  switch (record.type) {
    case 'secret':
      return {
        ...record,
        secret: { ...record.secret, value: secrets.reveal(record.secret.name, record.secret.value) },
      };
    case 'endpoint':
      return { ...record, endpoint: withEndpointSecrets(record.endpoint, secrets.reveal) };
    default:
      return record;
  }
}

/** A record from the backup as the store keeps it: those values sealed with this store's key. */
function sealed(record: TransferRecord, secrets: SecretCodec, lineNumber: number): TransferRecord {
  switch (record.type) {
    case 'secret': {
      const { name, value: plaintext } = record.secret;
      if (typeof plaintext !== 'string')
        throw new BackupFormatError(`line ${lineNumber}: secret ${name} without a value`);
      return { ...record, secret: { ...record.secret, value: secrets.seal(name, plaintext) } };
    }
    case 'endpoint':
      return { ...record, endpoint: withEndpointSecrets(record.endpoint, secrets.seal) };
    default:
      return record;
  }
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new BackupFormatError(`line ${lineNumber}: not JSON`);
  }
}

function checkHeader(value: unknown, lineNumber: number): void {
  const header = value as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== BACKUP_FORMAT) {
    throw new BackupFormatError(`line ${lineNumber}: not a Scriptgate backup (no "${BACKUP_FORMAT}" header)`);
  }
  if (typeof header.version !== 'number' || header.version > BACKUP_VERSION) {
    throw new BackupFormatError(
      `line ${lineNumber}: backup format version ${String(header.version)} is newer than this build reads (${BACKUP_VERSION})`,
    );
  }
}

function isEnd(value: unknown): value is { type: 'end'; counts: unknown } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'end';
}

/** The identifying field each record kind must carry, checked before anything is written. */
const REQUIRED: Record<TransferKind, [payload: string, id: string]> = {
  endpoint: ['endpoint', 'id'],
  scenarioVersion: ['version', 'endpointId'],
  scenarioDraft: ['draft', 'endpointId'],
  process: ['process', 'id'],
  user: ['user', 'id'],
  secret: ['secret', 'name'],
  apiToken: ['token', 'id'],
  apiKey: ['apiKey', 'id'],
  auditEntry: ['entry', 'id'],
};

function toRecord(value: unknown, lineNumber: number): TransferRecord {
  const record = value as Record<string, unknown> | null;
  const type = typeof record === 'object' && record !== null ? record.type : undefined;
  const kind = TRANSFER_KINDS.find((k) => k === type);
  if (!kind || !record) throw new BackupFormatError(`line ${lineNumber}: unknown record type ${JSON.stringify(type)}`);
  const [payloadField, idField] = REQUIRED[kind];
  const payload = record[payloadField] as Record<string, unknown> | null | undefined;
  if (
    typeof payload !== 'object' ||
    payload === null ||
    typeof payload[idField] !== 'string' ||
    payload[idField] === ''
  ) {
    throw new BackupFormatError(`line ${lineNumber}: ${kind} record without a ${payloadField}.${idField}`);
  }
  return record as unknown as TransferRecord;
}
