import type { ProcessSummary } from '@contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { ProcessTable } from './ProcessTable';

function summary(id: string, patch: Partial<ProcessSummary> = {}): ProcessSummary {
  return {
    id,
    endpointId: 'e1',
    slug: 'lead',
    scenarioVersion: 1,
    mode: 'async',
    status: 'succeeded',
    attempt: 1,
    request: { method: 'POST', url: 'http://h/api/webrequest/lead', subpath: '' },
    responseStatus: 200,
    bodyPreview: null,
    logsTruncated: false,
    error: null,
    queuedAt: '2026-11-23T10:00:00Z',
    startedAt: '2026-11-23T10:00:00Z',
    finishedAt: '2026-11-23T10:00:01Z',
    durationMs: 1000,
    ip: '127.0.0.1',
    principal: null,
    rerunOf: null,
    idempotencyKey: null,
    ...patch,
  };
}

const row = (id: string) => document.querySelector<HTMLElement>(`[data-process-id="${id}"]`)!;

describe('process list rows', () => {
  it('mark a run sent with an idempotency key, and a retried run with its attempt', () => {
    renderWithProviders(
      <ProcessTable
        items={[
          summary('plain'),
          summary('keyed', { idempotencyKey: 'order-42' }),
          summary('retried', { attempt: 2, idempotencyKey: 'order-43' }),
        ]}
        arrived={new Set()}
      />,
    );
    expect(within(row('plain')).queryByTestId('idempotency-key-badge')).toBeNull();
    expect(within(row('plain')).queryByTestId('attempt-badge')).toBeNull();

    const key = within(row('keyed')).getByTestId('idempotency-key-badge');
    expect(key.textContent).toBe('key');
    expect(key.title).toBe('Idempotency key: order-42');
    expect(within(row('keyed')).queryByTestId('attempt-badge')).toBeNull();

    const attempt = within(row('retried')).getByTestId('attempt-badge');
    expect(attempt.textContent).toBe('attempt 2');
    expect(attempt.title).toMatch(/crash or a lost lease/);
    expect(within(row('retried')).getByTestId('idempotency-key-badge').title).toBe('Idempotency key: order-43');
    expect(screen.getAllByTestId('idempotency-key-badge')).toHaveLength(2);
  });

  it('show a one-line preview of each request body, whole in its tooltip, and say when there is none', () => {
    const preview = 'name: Jane Doe · email: jane@example.com · message: Call me';
    renderWithProviders(
      <ProcessTable
        items={[summary('form', { bodyPreview: preview }), summary('empty', { bodyPreview: null })]}
        arrived={new Set()}
      />,
    );
    expect(screen.getByRole('columnheader', { name: 'Body' })).toBeTruthy();
    const cell = within(row('form')).getByTestId('body-preview');
    expect(cell.textContent).toBe(preview);
    expect(cell.title).toBe(preview);
    expect(within(row('empty')).getByTestId('body-preview').textContent).toBe('no body');
  });
});
