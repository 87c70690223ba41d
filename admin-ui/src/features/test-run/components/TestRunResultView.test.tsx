import type { TestRunResult } from '@contract';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { TestRunResultView } from './TestRunResultView';

const result: TestRunResult = {
  response: { status: 200, headers: {}, body: '{"ok":true}', bodyEncoding: 'utf8', bodyTruncated: false },
  logs: [],
  error: null,
  durationMs: 42,
  fetches: [
    {
      method: 'POST',
      url: 'https://hooks.example.com/x',
      status: 200,
      at: '2026-11-23T10:00:00Z',
      durationMs: 30,
      bytes: 2,
    },
    {
      method: 'GET',
      url: 'http://169.254.169.254/latest/meta-data/',
      error: 'blocked: 169.254.169.254 is a link-local address',
      at: '2026-11-23T10:00:00Z',
      durationMs: 1,
      bytes: 0,
    },
  ],
  mails: [
    {
      to: ['owner@example.com'],
      subject: 'Hello',
      status: 'failed',
      error: 'SMTP: connection refused',
      at: '2026-11-23T10:00:00Z',
      durationMs: 5,
    },
  ],
};

describe('test-run result', () => {
  it('shows what the draft sent out beside the body and logs, problems flagged', async () => {
    renderWithProviders(<TestRunResultView result={result} onGoTo={vi.fn()} />);
    const tab = screen.getByRole('tab', { name: /Outbound/ });
    expect(tab.textContent).toContain('3');
    // The summary points at the problems; a click opens the list.
    await userEvent.click(screen.getByRole('button', { name: '2 problems' }));
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByTestId('outbound-fetch')).toHaveLength(2);
    expect(screen.getByText('blocked: 169.254.169.254 is a link-local address')).toBeTruthy();
    expect(screen.getByText('Blocked')).toBeTruthy();
    expect(screen.getByText('Failed')).toBeTruthy();
    expect(screen.getByText(/SMTP: connection refused/)).toBeTruthy();
  });

  it('has no problems to flag when everything went out', async () => {
    renderWithProviders(
      <TestRunResultView result={{ ...result, fetches: result.fetches.slice(0, 1), mails: [] }} onGoTo={vi.fn()} />,
    );
    expect(screen.queryByRole('button', { name: /problem/ })).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: /Outbound/ }));
    expect(screen.getByText('1 request (fetch)')).toBeTruthy();
  });
});
