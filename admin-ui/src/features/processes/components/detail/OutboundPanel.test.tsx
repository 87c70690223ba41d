import type { ProcessFetch, ProcessMail, ProcessRecord } from '@contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/render';
import { OutboundPanel } from './OutboundPanel';

const at = '2026-11-23T10:00:00.250Z';
const fetches: ProcessFetch[] = [
  {
    method: 'POST',
    url: 'https://crm.example.com/api/leads?token=[redacted]',
    status: 201,
    at,
    durationMs: 84,
    bytes: 2048,
  },
  {
    method: 'GET',
    url: 'http://127.0.0.1:6379/',
    error: 'blocked: 127.0.0.1 is a loopback address',
    at,
    durationMs: 1,
    bytes: 0,
  },
  {
    method: 'GET',
    url: 'https://slow.example.com/',
    error: 'timeout after 10000 ms',
    at,
    durationMs: 10_000,
    bytes: 0,
  },
];
const mails: ProcessMail[] = [
  { to: ['owner@example.com'], subject: 'Message from Jane', status: 'sent', messageId: '<m1@x>', at, durationMs: 40 },
  {
    to: ['someone@elsewhere.example'],
    subject: 'Spam?',
    status: 'refused',
    error: 'someone@elsewhere.example is not in MAIL_ALLOWED_RECIPIENTS',
    at,
    durationMs: 0,
  },
];
const record = (parts: Pick<ProcessRecord, 'fetches' | 'mails'>) => parts as ProcessRecord;

describe('outbound requests and mail on the process page', () => {
  it('lists each fetch with method, redacted URL, status, duration and size, and marks a blocked one', () => {
    renderWithProviders(<OutboundPanel record={record({ fetches, mails: [] })} />);
    const rows = screen.getAllByTestId('outbound-fetch');
    expect(rows).toHaveLength(3);
    expect(rows[0]!.textContent).toContain('POST');
    expect(rows[0]!.textContent).toContain('https://crm.example.com/api/leads?token=[redacted]');
    expect(within(rows[0]!).getByText('201').className).toContain('http-status--good');
    expect(rows[0]!.textContent).toContain('84 ms');
    expect(rows[0]!.textContent).toContain('2.0 KB');

    expect(rows[1]!.className).toContain('outbound__row--blocked');
    expect(within(rows[1]!).getByText('Blocked').className).toContain('badge--bad');
    expect(rows[1]!.textContent).toContain('blocked: 127.0.0.1 is a loopback address');

    expect(rows[2]!.className).not.toContain('blocked');
    expect(within(rows[2]!).getByText('timeout after 10000 ms').className).toContain('text-bad');
    expect(screen.getByText('2 problems')).toBeTruthy();
    expect(screen.getByText('3 requests (fetch)')).toBeTruthy();
  });

  it('lists each message with recipients, subject, status and the reason it was refused', () => {
    renderWithProviders(<OutboundPanel record={record({ fetches: [], mails })} />);
    const rows = screen.getAllByTestId('outbound-mail');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('owner@example.com');
    expect(rows[0]!.textContent).toContain('Message from Jane');
    expect(within(rows[0]!).getByText('Sent').className).toContain('badge--good');
    expect(within(rows[1]!).getByText('Refused').className).toContain('badge--warn');
    expect(rows[1]!.textContent).toContain('is not in MAIL_ALLOWED_RECIPIENTS');
    expect(screen.getByText('1 problem')).toBeTruthy();
  });

  it('says so when the run sent nothing out', () => {
    renderWithProviders(<OutboundPanel record={record({ fetches: [], mails: [] })} />);
    expect(screen.getByText('The run made no outbound requests and sent no mail.')).toBeTruthy();
  });

  it('shows URLs and subjects as text, never as HTML', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { container } = renderWithProviders(
      <OutboundPanel
        record={record({
          fetches: [{ ...fetches[0]!, url: `https://x.example/${hostile}` }],
          mails: [{ ...mails[0]!, subject: hostile }],
        })}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(hostile)).toBeTruthy();
  });
});
