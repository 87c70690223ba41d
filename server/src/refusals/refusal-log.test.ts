import { describe, expect, it } from 'vitest';
import { createRefusalLog, type RefusalFacts } from './refusal-log.js';

const facts = (overrides: Partial<RefusalFacts> = {}): RefusalFacts => ({
  reason: 'origin_not_allowed',
  status: 403,
  method: 'POST',
  origin: 'https://evil.example',
  ip: '203.0.113.9',
  path: '/api/webrequest/contact',
  ...overrides,
});

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let at = start;
  return () => new Date((at += 1000));
}

describe('the refused calls of an endpoint', () => {
  it('lists an endpoint’s refused calls newest first, with time, reason, method, origin, address and path', () => {
    const log = createRefusalLog({ now: clock() });
    log.record('ep1', facts({ reason: 'invalid_body', status: 400, origin: undefined }));
    log.record('ep1', facts());
    expect(log.list('ep1')).toEqual([
      {
        at: '2026-01-01T00:00:03.000Z',
        reason: 'origin_not_allowed',
        status: 403,
        method: 'POST',
        origin: 'https://evil.example',
        ip: '203.0.113.9',
        path: '/api/webrequest/contact',
      },
      {
        at: '2026-01-01T00:00:02.000Z',
        reason: 'invalid_body',
        status: 400,
        method: 'POST',
        origin: null,
        ip: '203.0.113.9',
        path: '/api/webrequest/contact',
      },
    ]);
  });

  it('keeps each endpoint’s calls apart', () => {
    const log = createRefusalLog();
    log.record('ep1', facts());
    expect(log.list('ep2')).toEqual([]);
    expect(log.list('ep1')).toHaveLength(1);
  });

  it('keeps only the last calls up to its capacity, dropping the oldest', () => {
    const log = createRefusalLog({ capacity: 3 });
    for (let i = 1; i <= 7; i++) log.record('ep1', facts({ path: `/api/webrequest/contact/${i}` }));
    expect(log.list('ep1').map((call) => call.path)).toEqual([
      '/api/webrequest/contact/7',
      '/api/webrequest/contact/6',
      '/api/webrequest/contact/5',
    ]);
    expect(log.capacity).toBe(3);
  });

  it('cuts caller-controlled text so one call cannot hold much memory', () => {
    const log = createRefusalLog();
    log.record('ep1', facts({ origin: `https://${'a'.repeat(5000)}.example`, path: `/${'p'.repeat(5000)}` }));
    const [call] = log.list('ep1');
    expect(call!.origin!.length).toBeLessThan(400);
    expect(call!.path.length).toBeLessThan(600);
  });

  it('forgets the endpoint refused longest ago once it holds calls for too many endpoints', () => {
    const log = createRefusalLog({ maxEndpoints: 2 });
    log.record('ep1', facts());
    log.record('ep2', facts());
    log.record('ep3', facts());
    expect(log.list('ep1')).toEqual([]);
    expect(log.list('ep2')).toHaveLength(1);
    expect(log.list('ep3')).toHaveLength(1);
  });

  it('says since when it has been keeping calls', () => {
    const log = createRefusalLog({ now: () => new Date('2026-02-03T04:05:06Z') });
    expect(log.since).toBe('2026-02-03T04:05:06.000Z');
  });
});
