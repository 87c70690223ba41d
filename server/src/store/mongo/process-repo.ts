import mongoose from 'mongoose';
import type { ProcessRecord, ProcessStatus } from '../../contract/index.js';
import { normalizeFilter, normalizeQuery, toPage } from '../process-query.js';
import type { NewProcess, ProcessFilter, ProcessPatch, ProcessQuery, RunInput } from '../types.js';
import { encodeInput, type InputStore } from './input-store.js';
import type { Models, ProcessDoc } from './models.js';
import { fromProcessDoc, patchToSet, RECORD_PROJECTION, toProcessDoc } from './process-docs.js';
import { buildProcessFilter, type ProcessFilterDoc } from './process-filter.js';

export function createProcessRepo(models: Models, inputs: InputStore, retentionMs: number) {
  const { Process } = models;

  /**
   * Applies a patch to the one process `filter` matches (the filter carries the
   * compare-and-set condition) and returns the record after the update.
   */
  /** The `$set` of a patch; a patched run input is written to its chunks first. */
  async function setOf(id: string, patch: ProcessPatch) {
    const set = patchToSet(patch, new Date(), retentionMs);
    const patchesInput = Object.hasOwn(patch, 'input') && patch.input !== undefined;
    if (patchesInput) {
      const encoded = encodeInput(patch.input);
      // Chunks are written before the document points at them, so a reader never sees a gap.
      if (encoded.chunks.length > 0) await inputs.writeChunks(id, encoded.chunks);
      set.inputJson = encoded.inputJson;
      set.inputChunks = encoded.chunks.length;
    }
    // A cleared or now-inline input leaves no chunks behind (after the update matched).
    const dropsChunks = patchesInput && set.inputChunks === 0;
    return { set, dropsChunks };
  }

  async function applyPatch(id: string, filter: ProcessFilterDoc, patch: ProcessPatch): Promise<ProcessRecord | null> {
    const { set, dropsChunks } = await setOf(id, patch);
    const doc =
      Object.keys(set).length === 0
        ? await Process.findOne(filter, RECORD_PROJECTION).lean<ProcessDoc>()
        : await Process.findOneAndUpdate(
            filter,
            { $set: set },
            { returnDocument: 'after', projection: RECORD_PROJECTION },
          ).lean<ProcessDoc>();
    if (doc && dropsChunks) await inputs.deleteChunks([id]);
    return doc ? fromProcessDoc(doc) : null;
  }

  return {
    async createProcess(process: NewProcess): Promise<void> {
      const encoded = encodeInput(process.input);
      if (encoded.chunks.length > 0) await inputs.writeChunks(process.id, encoded.chunks);
      const doc: ProcessDoc = {
        ...toProcessDoc(process, new Date(), retentionMs),
        inputJson: encoded.inputJson,
        inputChunks: encoded.chunks.length,
      };
      await Process.insertMany([doc], { lean: true });
    },

    updateProcess(id: string, patch: ProcessPatch): Promise<ProcessRecord | null> {
      return applyPatch(String(id), { _id: String(id) }, patch);
    },

    async patchProcess(id: string, patch: ProcessPatch): Promise<boolean> {
      const { set, dropsChunks } = await setOf(String(id), patch);
      if (Object.keys(set).length === 0) return (await Process.exists({ _id: String(id) })) !== null;
      const result = await Process.updateOne({ _id: String(id) }, { $set: set });
      if (result.matchedCount > 0 && dropsChunks) await inputs.deleteChunks([String(id)]);
      return result.matchedCount > 0;
    },

    async transitionProcess(
      id: string,
      fromStatuses: ProcessStatus[],
      patch: ProcessPatch,
      options: { leaseOwner?: string } = {},
    ): Promise<ProcessRecord | null> {
      if (fromStatuses.length === 0) return null;
      const filter: ProcessFilterDoc = { _id: String(id), status: mongoose.trusted({ $in: fromStatuses.map(String) }) };
      if (options.leaseOwner !== undefined) filter.leaseOwner = String(options.leaseOwner);
      return applyPatch(String(id), filter, patch);
    },

    async getProcess(id: string): Promise<ProcessRecord | null> {
      const doc = await Process.findOne({ _id: String(id) }, RECORD_PROJECTION).lean<ProcessDoc>();
      return doc ? fromProcessDoc(doc) : null;
    },

    async getProcessWithToken(id: string) {
      const doc = await Process.findOne({ _id: String(id) }, { inputJson: 0 }).lean<ProcessDoc>();
      return doc ? { process: fromProcessDoc(doc), statusTokenHash: doc.statusTokenHash ?? null } : null;
    },

    async getProcessInput(id: string): Promise<RunInput | null> {
      const doc = await Process.findOne({ _id: String(id) }, { inputJson: 1, inputChunks: 1 }).lean<ProcessDoc>();
      return doc ? inputs.read(doc) : null;
    },

    async listProcesses(query: ProcessQuery) {
      const normalized = normalizeQuery(query);
      const docs = await Process.find(buildProcessFilter(normalized, normalized.afterId), RECORD_PROJECTION)
        .sort({ _id: -1 })
        .limit(normalized.limit + 1)
        .lean<ProcessDoc[]>();
      return toPage(docs.map(fromProcessDoc), normalized.limit);
    },

    countProcesses(filter: ProcessFilter): Promise<number> {
      return Process.countDocuments(buildProcessFilter(normalizeFilter(filter), null)).exec();
    },
  };
}
