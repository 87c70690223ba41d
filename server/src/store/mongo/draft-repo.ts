import type { ScenarioDraft } from '../../contract/index.js';
import { endpointMissing } from '../store-errors.js';
import type { Models, ScenarioDraftDoc } from './models.js';

export function toDraftDoc(draft: ScenarioDraft): ScenarioDraftDoc {
  return {
    _id: String(draft.endpointId),
    language: draft.language,
    code: String(draft.code),
    savedBy: draft.savedBy ?? null,
    savedAt: String(draft.savedAt),
    basedOnVersion: Number(draft.basedOnVersion),
  };
}

export function toDraft(doc: ScenarioDraftDoc): ScenarioDraft {
  return {
    endpointId: doc._id,
    language: doc.language,
    code: doc.code,
    savedBy: doc.savedBy ?? null,
    savedAt: doc.savedAt,
    basedOnVersion: doc.basedOnVersion,
  };
}

/** One draft per endpoint, keyed by the endpoint's id (`scenariodrafts`). */
export function createDraftRepo(models: Models) {
  const { Endpoint: Endpoints, ScenarioDraft: Drafts } = models;
  return {
    async getScenarioDraft(endpointId: string): Promise<ScenarioDraft | null> {
      const doc = await Drafts.findOne({ _id: String(endpointId) }).lean<ScenarioDraftDoc>();
      return doc ? toDraft(doc) : null;
    },

    async putScenarioDraft(draft: ScenarioDraft): Promise<ScenarioDraft> {
      const id = String(draft.endpointId);
      if (!(await Endpoints.exists({ _id: id }))) throw endpointMissing(id);
      const doc = toDraftDoc(draft);
      const { _id, ...fields } = doc;
      await Drafts.updateOne({ _id }, { $set: fields }, { upsert: true });
      // No transactions: an endpoint deleted meanwhile must not keep an orphan draft.
      if (!(await Endpoints.exists({ _id: id }))) {
        await Drafts.deleteOne({ _id });
        throw endpointMissing(id);
      }
      return toDraft(doc);
    },

    async deleteScenarioDraft(endpointId: string, options: { savedAt?: string } = {}): Promise<boolean> {
      const filter =
        options.savedAt === undefined
          ? { _id: String(endpointId) }
          : { _id: String(endpointId), savedAt: String(options.savedAt) };
      return (await Drafts.deleteOne(filter)).deletedCount > 0;
    },
  };
}
