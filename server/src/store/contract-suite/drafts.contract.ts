import { describe, expect, it } from 'vitest';
import type { ScenarioDraft } from '../../contract/index.js';
import { endpointInput, scenarioInput, type GetStore } from './fixtures.js';

function draftOf(endpointId: string, overrides: Partial<ScenarioDraft> = {}): ScenarioDraft {
  return {
    endpointId,
    language: 'typescript',
    code: 'export default () => ({ draft: true })',
    savedBy: 'user-1',
    savedAt: '2026-11-30T01:00:00.000Z',
    basedOnVersion: 1,
    ...overrides,
  };
}

export function draftContract(store: GetStore): void {
  describe('scenario drafts and version notes', () => {
    it('keeps a saved draft beside the live version, which stays current', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput({ code: 'live' }));
      expect(await store().getScenarioDraft(input.id)).toBeNull();
      const saved = await store().putScenarioDraft(draftOf(input.id));
      expect(saved).toEqual(draftOf(input.id));
      expect(await store().getScenarioDraft(input.id)).toEqual(draftOf(input.id));
      expect(await store().getEndpoint(input.id)).toMatchObject({ scenarioVersion: 1, language: 'javascript' });
      expect(await store().listScenarioVersions(input.id)).toHaveLength(1);
    });

    it('keeps one draft per endpoint: a later save replaces the earlier one', async () => {
      const first = endpointInput();
      const second = endpointInput();
      await store().createEndpoint(first, scenarioInput());
      await store().createEndpoint(second, scenarioInput());
      await store().putScenarioDraft(draftOf(first.id, { code: 'one' }));
      await store().putScenarioDraft(draftOf(second.id, { code: 'other endpoint' }));
      const later = draftOf(first.id, {
        code: 'two',
        language: 'javascript',
        savedBy: 'user-2',
        savedAt: '2026-11-30T01:05:00.000Z',
        basedOnVersion: 3,
      });
      await store().putScenarioDraft(later);
      expect(await store().getScenarioDraft(first.id)).toEqual(later);
      expect(await store().getScenarioDraft(second.id)).toMatchObject({ code: 'other endpoint' });
    });

    it('refuses a draft for an endpoint that does not exist with not_found', async () => {
      await expect(store().putScenarioDraft(draftOf('missing'))).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().getScenarioDraft('missing')).toBeNull();
    });

    it('deletes a draft, and with savedAt only while it is still that save', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput());
      await store().putScenarioDraft(draftOf(input.id, { savedAt: '2026-11-30T01:00:00.000Z' }));
      await store().putScenarioDraft(draftOf(input.id, { code: 'newer', savedAt: '2026-11-30T01:00:00.001Z' }));
      expect(await store().deleteScenarioDraft(input.id, { savedAt: '2026-11-30T01:00:00.000Z' })).toBe(false);
      expect(await store().getScenarioDraft(input.id)).toMatchObject({ code: 'newer' });
      expect(await store().deleteScenarioDraft(input.id, { savedAt: '2026-11-30T01:00:00.001Z' })).toBe(true);
      expect(await store().getScenarioDraft(input.id)).toBeNull();
      await store().putScenarioDraft(draftOf(input.id));
      expect(await store().deleteScenarioDraft(input.id)).toBe(true);
      expect(await store().deleteScenarioDraft(input.id)).toBe(false);
    });

    it('removes the draft with its endpoint', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput());
      await store().putScenarioDraft(draftOf(input.id));
      await store().deleteEndpoint(input.id);
      expect(await store().getScenarioDraft(input.id)).toBeNull();
    });

    it('records who published a version and the note they wrote, null when none', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput({ createdBy: 'user-1' }));
      const noted = await store().addScenarioVersion(
        input.id,
        scenarioInput({ code: 'v2', createdBy: 'user-2', note: 'Reply in Russian too — «спасибо»' }),
      );
      expect(noted).toMatchObject({ version: 2, createdBy: 'user-2', note: 'Reply in Russian too — «спасибо»' });
      expect(await store().getScenarioVersion(input.id, 2)).toEqual(noted);
      expect(await store().getScenarioVersion(input.id, 1)).toMatchObject({ createdBy: 'user-1', note: null });
      expect((await store().listScenarioVersions(input.id)).map((v) => v.note)).toEqual([
        'Reply in Russian too — «спасибо»',
        null,
      ]);
    });
  });
}
