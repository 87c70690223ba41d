import type { AuditEntry, ProcessRecord, ScenarioDraft, ScenarioVersion } from '../contract/index.js';
import type { ApiKeyRecord, ApiTokenRecord, SecretRecord, UserRecord } from './account-types.js';
import type { Endpoint } from './endpoint-settings.js';
import type { RunInput } from './run-input.js';

/**
 * One record of a backup (`cli/export-import.ts`), written back exactly as exported: ids,
 * version numbers and times are kept, so a backup moves history between adapters.
 * Sessions, idempotency keys and rate-limit counters are short-lived and not part of a backup.
 */
export type TransferRecord =
  | { type: 'endpoint'; endpoint: Endpoint }
  | { type: 'scenarioVersion'; version: ScenarioVersion }
  /** An endpoint's unpublished draft: work in progress is part of a backup. */
  | { type: 'scenarioDraft'; draft: ScenarioDraft }
  | {
      type: 'process';
      process: ProcessRecord;
      statusTokenHash: string | null;
      /** Kept for unfinished processes, so a queued run still runs after a migration. */
      input: RunInput | null;
      /** Lease owner of a running process; an imported async `running` run has an expired lease. */
      owner: string | null;
    }
  | { type: 'user'; user: UserRecord }
  | { type: 'secret'; secret: SecretRecord }
  /** Only the hash of each token is kept, so a backup holds no usable token either. */
  | { type: 'apiToken'; token: ApiTokenRecord }
  /** Endpoint API keys, likewise as keyed hashes: the keys themselves were shown once and never stored. */
  | { type: 'apiKey'; apiKey: ApiKeyRecord }
  | { type: 'auditEntry'; entry: AuditEntry };

export type TransferKind = TransferRecord['type'];
/** Export order: what a record refers to comes before it. */
export const TRANSFER_KINDS: readonly TransferKind[] = [
  'endpoint',
  'scenarioVersion',
  'scenarioDraft',
  'process',
  'user',
  'secret',
  'apiToken',
  'apiKey',
  'auditEntry',
];
