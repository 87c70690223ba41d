import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, errorFromResponse, setCsrfRefresher, setCsrfToken } from './client';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setCsrfRefresher(null);
});

describe('admin API client', () => {
  it('reads field errors and compile diagnostics from error bodies', () => {
    const validation = errorFromResponse(400, {
      error: { code: 'validation_failed', message: 'Invalid', fields: { slug: 'bad', n: 1 } },
    });
    expect(validation).toBeInstanceOf(ApiError);
    expect(validation.fields).toEqual({ slug: 'bad' });
    const compile = errorFromResponse(400, {
      error: {
        code: 'compile_error',
        message: 'x',
        diagnostics: [{ message: 'm', line: 2, column: 3, extra: 1 }, { line: 'x' }],
      },
    });
    expect(compile.diagnostics).toEqual([{ message: 'm', line: 2, column: 3 }]);
    expect(errorFromResponse(502, undefined).code).toBe('server_unavailable');
  });

  it('sends X-CSRF-Token on state-changing calls only', async () => {
    const fetchMock = vi.fn(async () => json(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-1');
    await apiRequest('GET', '/endpoints');
    await apiRequest('POST', '/endpoints', { body: { slug: 'a' } });
    const headersOf = (call: number) =>
      (fetchMock.mock.calls[call] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(headersOf(0)['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(1)['X-CSRF-Token']).toBe('tok-1');
  });

  it('fetches a fresh CSRF token once when the server refuses the old one', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json(403, { error: { code: 'csrf_failed', message: 'no' } }))
      .mockResolvedValueOnce(json(200, { saved: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('stale');
    setCsrfRefresher(async () => 'fresh');
    await expect(apiRequest('PUT', '/x', { body: {} })).resolves.toEqual({ saved: true });
    expect(
      ((fetchMock.mock.calls[1] as [string, RequestInit])[1].headers as Record<string, string>)['X-CSRF-Token'],
    ).toBe('fresh');
  });

  it('reports an unreachable server as network_error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiRequest('GET', '/endpoints')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});
