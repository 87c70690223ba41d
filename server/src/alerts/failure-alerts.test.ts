import { describe, expect, it } from 'vitest';
import type { ProcessRecord } from '../contract/index.js';
import type { Endpoint } from '../store/types.js';
import { createFailureAlerts } from './failure-alerts.js';

const endpoint = {
  id: 'e1',
  slug: 'orders',
  failureAlert: { webhookUrl: 'https://hooks.example/x', email: null, maxPerHour: 2 },
} as Endpoint;
const failed = (id: string) =>
  ({
    id,
    status: 'failed',
    mode: 'sync',
    finishedAt: '2030-01-01T00:00:00Z',
    error: { code: 'scenario_error', name: 'Error', message: 'boom' },
  }) as ProcessRecord;

describe('failure alerts', () => {
  it('sends at most maxPerHour alerts an hour and sums the rest up in one digest when the hour ends', async () => {
    const posts: Array<{ type: string; failures?: number }> = [];
    let now = 0;
    const alerts = createFailureAlerts({
      post: async (_url, init) => {
        posts.push(JSON.parse(init.body));
        return { status: 200 };
      },
      mailer: { sendFromPlatform: async () => ({ status: 'sent' }) },
      secretOf: async () => 'secret',
      log: { warn: () => {} },
      now: () => now,
      hourMs: 200,
    });
    for (let i = 0; i < 7; i++) alerts.notify(endpoint, failed(`p${i}`));
    alerts.notify(endpoint, { ...failed('ok'), status: 'succeeded' } as ProcessRecord);
    await new Promise((r) => setTimeout(r, 50));
    expect(posts.map((post) => post.type)).toEqual(['run.failed', 'run.failed']);
    now = 200;
    await new Promise((r) => setTimeout(r, 300));
    expect(posts.at(-1)).toMatchObject({ type: 'run.failed.digest', failures: 5 });
    expect(posts).toHaveLength(3);
    alerts.close();
  });
});
