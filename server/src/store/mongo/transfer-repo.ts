import mongoose from 'mongoose';
import type { TransferKind, TransferRecord } from '../types.js';
import { endpointSettings } from '../endpoint-settings.js';
import { apiKeyTaken, emailTaken, slugTaken, tokenHashTaken } from '../store-errors.js';
import { isDuplicateKey } from './connection.js';
import { toUser, toUserDoc } from './account-repo.js';
import { toApiKey, toApiKeyDoc } from './api-key-repo.js';
import { toAuditDoc, toAuditEntry } from './audit-repo.js';
import { toDraft, toDraftDoc } from './draft-repo.js';
import { toEndpoint, toVersion, versionId } from './endpoint-repo.js';
import { encodeInput, type InputStore } from './input-store.js';
import type {
  ApiKeyDoc,
  ApiTokenDoc,
  AuditDoc,
  EndpointDoc,
  Models,
  ProcessDoc,
  ScenarioDraftDoc,
  ScenarioVersionDoc,
  UserDoc,
} from './models.js';
import { fromProcessDoc, toProcessDoc } from './process-docs.js';
import { toApiToken, toApiTokenDoc } from './token-repo.js';

const MAX_PAGE = 10_000;

type ProcessTransfer = Extract<TransferRecord, { type: 'process' }>;

/** Backup pages (keyset-paged by `_id`) and restores (upserts by `_id`): see `Store.exportRecords`. */
export function createTransferRepo(models: Models, inputs: InputStore, retentionMs: number) {
  const { Endpoint, ScenarioVersion, ScenarioDraft, Process, User, Secret, ApiToken, ApiKey, Audit } = models;
  const after = (key: string | null) => (key === null ? {} : { _id: mongoose.trusted({ $gt: String(key) }) });

  async function exportPage(
    kind: TransferKind,
    key: string | null,
    limit: number,
  ): Promise<Array<{ id: string; record: TransferRecord }>> {
    switch (kind) {
      case 'endpoint': {
        const docs = await Endpoint.find(after(key)).sort({ _id: 1 }).limit(limit).lean<EndpointDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, endpoint: toEndpoint(doc) } }));
      }
      case 'scenarioVersion': {
        const docs = await ScenarioVersion.find(after(key)).sort({ _id: 1 }).limit(limit).lean<ScenarioVersionDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, version: toVersion(doc) } }));
      }
      case 'scenarioDraft': {
        const docs = await ScenarioDraft.find(after(key)).sort({ _id: 1 }).limit(limit).lean<ScenarioDraftDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, draft: toDraft(doc) } }));
      }
      case 'process': {
        const docs = await Process.find(after(key)).sort({ _id: 1 }).limit(limit).lean<ProcessDoc[]>();
        const pages: Array<{ id: string; record: TransferRecord }> = [];
        for (const doc of docs) {
          const unfinished = doc.status === 'queued' || doc.status === 'running';
          pages.push({
            id: doc._id,
            record: {
              type: kind,
              process: fromProcessDoc(doc),
              statusTokenHash: doc.statusTokenHash ?? null,
              input: unfinished ? await inputs.read(doc) : null,
              owner: doc.leaseOwner ?? null,
            },
          });
        }
        return pages;
      }
      case 'user': {
        const docs = await User.find(after(key)).sort({ _id: 1 }).limit(limit).lean<UserDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, user: toUser(doc) } }));
      }
      case 'secret': {
        const docs = await Secret.find(after(key))
          .sort({ _id: 1 })
          .limit(limit)
          .lean<Array<{ _id: string; value: string; updatedAt: string }>>();
        return docs.map((doc) => ({
          id: doc._id,
          record: { type: kind, secret: { name: doc._id, value: doc.value, updatedAt: doc.updatedAt } },
        }));
      }
      case 'apiToken': {
        const docs = await ApiToken.find(after(key)).sort({ _id: 1 }).limit(limit).lean<ApiTokenDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, token: toApiToken(doc) } }));
      }
      case 'apiKey': {
        const docs = await ApiKey.find(after(key)).sort({ _id: 1 }).limit(limit).lean<ApiKeyDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, apiKey: toApiKey(doc) } }));
      }
      case 'auditEntry': {
        const docs = await Audit.find(after(key)).sort({ _id: 1 }).limit(limit).lean<AuditDoc[]>();
        return docs.map((doc) => ({ id: doc._id, record: { type: kind, entry: toAuditEntry(doc) } }));
      }
    }
  }

  /** One bulkWrite per batch: a history of 100,000 runs must not cost 100,000 round trips. */
  async function importProcesses(records: ProcessTransfer[]): Promise<void> {
    await inputs.deleteChunks(records.map((record) => record.process.id));
    const replacements = [];
    for (const record of records) {
      const { process } = record;
      const encoded = encodeInput(record.input);
      if (encoded.chunks.length > 0) await inputs.writeChunks(process.id, encoded.chunks);
      const base = toProcessDoc(
        { ...process, statusTokenHash: record.statusTokenHash, input: null, owner: record.owner },
        new Date(),
        retentionMs,
      );
      const { _id, ...fields } = {
        ...base,
        // The instance that held an async run is gone: an expired lease lets the next claim retry it.
        leaseExpiresAt: process.status === 'running' && process.mode === 'async' ? new Date(0) : null,
        inputJson: encoded.inputJson,
        inputChunks: encoded.chunks.length,
      };
      replacements.push({ replaceOne: { filter: { _id }, replacement: fields, upsert: true } });
    }
    await Process.bulkWrite(replacements, { ordered: true });
  }

  async function importOne(record: TransferRecord): Promise<void> {
    switch (record.type) {
      case 'endpoint': {
        const { endpoint } = record;
        const fields = {
          slug: String(endpoint.slug),
          scenarioVersion: endpoint.scenarioVersion,
          language: endpoint.language,
          createdAt: endpoint.createdAt,
          updatedAt: endpoint.updatedAt,
          settingsJson: JSON.stringify(endpointSettings(endpoint)),
        };
        // `$max` keeps the version counter ahead of every imported version, whatever the order.
        await Endpoint.updateOne(
          { _id: String(endpoint.id) },
          { $set: fields, $max: { versionCounter: endpoint.scenarioVersion } },
          { upsert: true },
        );
        return;
      }
      case 'scenarioVersion': {
        const { version: v } = record;
        const { _id, ...fields } = {
          _id: versionId(String(v.endpointId), v.version),
          endpointId: String(v.endpointId),
          version: v.version,
          language: v.language,
          createdAt: v.createdAt,
          createdBy: v.createdBy ?? null,
          restoredFrom: v.restoredFrom ?? null,
          code: v.code,
          compiled: v.compiled,
          // Backups written before notes existed have none.
          note: v.note ?? null,
        };
        await ScenarioVersion.updateOne({ _id }, { $set: fields }, { upsert: true });
        await Endpoint.updateOne({ _id: fields.endpointId }, { $max: { versionCounter: v.version } });
        return;
      }
      case 'scenarioDraft': {
        const { _id, ...fields } = toDraftDoc(record.draft);
        await ScenarioDraft.updateOne({ _id }, { $set: fields }, { upsert: true });
        return;
      }
      case 'process':
        await importProcesses([record]);
        return;
      case 'user': {
        const { _id, ...fields } = toUserDoc(record.user);
        await User.updateOne({ _id }, { $set: fields }, { upsert: true });
        return;
      }
      case 'secret':
        await Secret.updateOne(
          { _id: String(record.secret.name) },
          { $set: { value: String(record.secret.value), updatedAt: record.secret.updatedAt } },
          { upsert: true },
        );
        return;
      case 'apiToken': {
        const { _id, ...fields } = toApiTokenDoc(record.token);
        await ApiToken.updateOne({ _id }, { $set: fields }, { upsert: true });
        return;
      }
      case 'apiKey': {
        const { _id, ...fields } = toApiKeyDoc(record.apiKey);
        await ApiKey.updateOne({ _id }, { $set: fields }, { upsert: true });
        return;
      }
      case 'auditEntry': {
        const { _id, ...fields } = toAuditDoc(record.entry);
        await Audit.updateOne({ _id }, { $set: fields }, { upsert: true });
        return;
      }
    }
  }

  return {
    async exportRecords(kind: TransferKind, key: string | null, limit: number) {
      const size = Math.max(1, Math.min(Math.floor(limit) || 1, MAX_PAGE));
      const page = await exportPage(kind, key, size);
      const last = page[page.length - 1];
      return { records: page.map((item) => item.record), next: page.length === size && last ? last.id : null };
    },
    async importRecords(records: TransferRecord[]): Promise<void> {
      const processes = records.filter((record): record is ProcessTransfer => record.type === 'process');
      if (processes.length > 0) await importProcesses(processes);
      for (const record of records) {
        if (record.type === 'process') continue;
        try {
          await importOne(record);
        } catch (err) {
          // A different record already holds the slug or email: the same errors as a create.
          if (record.type === 'endpoint' && isDuplicateKey(err, 'slug')) throw slugTaken(record.endpoint.slug);
          if (record.type === 'user' && isDuplicateKey(err, 'emailLower')) throw emailTaken();
          if (record.type === 'apiToken' && isDuplicateKey(err, 'tokenHash')) throw tokenHashTaken();
          if (record.type === 'apiKey' && isDuplicateKey(err, 'lookup')) throw apiKeyTaken();
          throw err;
        }
      }
    },
  };
}
