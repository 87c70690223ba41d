import { describe, expect, it } from 'vitest';
import { newProcess, type GetStore } from './fixtures.js';

export function healthContract(store: GetStore): void {
  describe('readiness write probe', () => {
    it('answers while the store can record, again and again, alongside other writes', async () => {
      for (let n = 0; n < 3; n += 1) await expect(store().checkWritable()).resolves.toBeUndefined();
      const process = newProcess();
      await Promise.all([store().checkWritable(), store().createProcess(process), store().checkWritable()]);
      expect(await store().getProcess(process.id)).not.toBeNull();
      // The probe leaves no trace in anything a user sees.
      expect(await store().countProcesses({})).toBe(1);
      expect((await store().exportRecords('process', null, 10)).records).toHaveLength(1);
    });

    it('rejects with store_unavailable once the store is closed', async () => {
      await store().close();
      await expect(store().checkWritable()).rejects.toMatchObject({ code: 'store_unavailable' });
    });
  });
}
