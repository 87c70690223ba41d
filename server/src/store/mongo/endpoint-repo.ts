import mongoose from 'mongoose';
import type { ScenarioVersion } from '../../contract/index.js';
import { AppError } from '../../core/app-error.js';
import { endpointFrom, endpointSettings, type Endpoint } from '../endpoint-settings.js';
import { endpointMissing, slugTaken } from '../store-errors.js';
import type { EndpointInput, EndpointPatch, ScenarioInput } from '../types.js';
import { isDuplicateKey } from './connection.js';
import type { EndpointDoc, Models, ScenarioVersionDoc } from './models.js';

/** How often an endpoint update retries when another update changed the document meanwhile. */
const UPDATE_RETRIES = 5;

export function versionId(endpointId: string, version: number): string {
  return `${endpointId}:${version}`;
}

export function toEndpoint(doc: EndpointDoc): Endpoint {
  return endpointFrom(doc.settingsJson, {
    id: doc._id,
    slug: doc.slug,
    scenarioVersion: doc.scenarioVersion,
    language: doc.language,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toVersion(doc: ScenarioVersionDoc): ScenarioVersion {
  return {
    endpointId: doc.endpointId,
    version: doc.version,
    language: doc.language,
    code: doc.code,
    compiled: doc.compiled,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy ?? null,
    restoredFrom: doc.restoredFrom ?? null,
    note: doc.note ?? null,
  };
}

/**
 * No multi-document transactions (a standalone MongoDB has none), so each operation is ordered
 * so that a reader never sees a half-made state: a version is written before the endpoint that
 * points at it, and version numbers come from an atomic `$inc`.
 */
export function createEndpointRepo(models: Models) {
  const { Endpoint: Endpoints, ScenarioVersion: Versions, ScenarioDraft: Drafts } = models;

  function versionDoc(
    endpointId: string,
    version: number,
    scenario: ScenarioInput,
    createdAt: string,
  ): ScenarioVersionDoc {
    return {
      _id: versionId(endpointId, version),
      endpointId,
      version,
      language: scenario.language,
      createdAt,
      createdBy: scenario.createdBy ?? null,
      restoredFrom: scenario.restoredFrom ?? null,
      code: scenario.code,
      compiled: scenario.compiled,
      note: scenario.note ?? null,
    };
  }

  return {
    async createEndpoint(input: EndpointInput, scenario: ScenarioInput): Promise<Endpoint> {
      const now = new Date().toISOString();
      const id = String(input.id);
      if (await Endpoints.exists({ slug: String(input.slug) })) throw slugTaken(input.slug);
      const version = versionDoc(id, 1, scenario, now);
      try {
        await Versions.insertMany([version], { lean: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', `An endpoint with id ${id} already exists`);
        throw err;
      }
      const doc: EndpointDoc = {
        _id: id,
        slug: String(input.slug),
        scenarioVersion: 1,
        versionCounter: 1,
        language: scenario.language,
        createdAt: now,
        updatedAt: now,
        settingsJson: JSON.stringify(endpointSettings(input)),
      };
      try {
        await Endpoints.insertMany([doc], { lean: true });
      } catch (err) {
        // Another create took the slug between the check and the insert: undo the version.
        await Versions.deleteOne({ _id: version._id });
        if (isDuplicateKey(err, 'slug')) throw slugTaken(input.slug);
        throw err;
      }
      return toEndpoint(doc);
    },

    async getEndpoint(id: string): Promise<Endpoint | null> {
      const doc = await Endpoints.findOne({ _id: String(id) }).lean<EndpointDoc>();
      return doc ? toEndpoint(doc) : null;
    },

    async getEndpointBySlug(slug: string): Promise<Endpoint | null> {
      const doc = await Endpoints.findOne({ slug: String(slug) }).lean<EndpointDoc>();
      return doc ? toEndpoint(doc) : null;
    },

    async listEndpoints(): Promise<Endpoint[]> {
      return (await Endpoints.find({}).sort({ slug: 1 }).lean<EndpointDoc[]>()).map(toEndpoint);
    },

    /** Read, merge, then write only if nothing changed since the read (optimistic concurrency). */
    async updateEndpoint(id: string, patch: EndpointPatch): Promise<Endpoint | null> {
      for (let attempt = 0; attempt < UPDATE_RETRIES; attempt += 1) {
        const current = await Endpoints.findOne({ _id: String(id) }).lean<EndpointDoc>();
        if (!current) return null;
        const settings = {
          ...(JSON.parse(current.settingsJson) as Record<string, unknown>),
          ...endpointSettings(patch),
        };
        const slug = typeof patch.slug === 'string' ? patch.slug : current.slug;
        const set = { slug, settingsJson: JSON.stringify(settings), updatedAt: new Date().toISOString() };
        try {
          const updated = await Endpoints.findOneAndUpdate(
            { _id: current._id, slug: current.slug, settingsJson: current.settingsJson },
            { $set: set },
            { returnDocument: 'after' },
          ).lean<EndpointDoc>();
          if (updated) return toEndpoint(updated);
        } catch (err) {
          if (isDuplicateKey(err, 'slug')) throw slugTaken(slug);
          throw err;
        }
      }
      throw new AppError('conflict', 'The endpoint was changed by another request; try again');
    },

    async deleteEndpoint(id: string): Promise<boolean> {
      const result = await Endpoints.deleteOne({ _id: String(id) });
      await Versions.deleteMany({ endpointId: String(id) });
      await Drafts.deleteOne({ _id: String(id) });
      return result.deletedCount > 0;
    },

    async addScenarioVersion(endpointId: string, scenario: ScenarioInput): Promise<ScenarioVersion> {
      const id = String(endpointId);
      const numbered = await Endpoints.findOneAndUpdate(
        { _id: id },
        { $inc: { versionCounter: 1 } },
        { returnDocument: 'after', projection: { versionCounter: 1 } },
      ).lean<Pick<EndpointDoc, 'versionCounter'>>();
      if (!numbered) throw endpointMissing(id);
      const now = new Date().toISOString();
      const doc = versionDoc(id, numbered.versionCounter, scenario, now);
      await Versions.insertMany([doc], { lean: true });
      // Parallel saves finish in any order; only a higher version may become current.
      await Endpoints.updateOne(
        { _id: id, scenarioVersion: mongoose.trusted({ $lt: doc.version }) },
        { $set: { scenarioVersion: doc.version, language: scenario.language, updatedAt: now } },
      );
      return toVersion(doc);
    },

    async getScenarioVersion(endpointId: string, version: number): Promise<ScenarioVersion | null> {
      const doc = await Versions.findOne({
        _id: versionId(String(endpointId), Number(version)),
      }).lean<ScenarioVersionDoc>();
      return doc ? toVersion(doc) : null;
    },

    async listScenarioVersions(endpointId: string): Promise<ScenarioVersion[]> {
      return (
        await Versions.find({ endpointId: String(endpointId) })
          .sort({ version: -1 })
          .lean<ScenarioVersionDoc[]>()
      ).map(toVersion);
    },
  };
}
