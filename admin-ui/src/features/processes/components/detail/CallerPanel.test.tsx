import type { ProcessRecord } from '@contract';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/render';
import { CallerPanel } from './CallerPanel';

const record = (principal: ProcessRecord['principal']) => ({ ip: '198.51.100.4', principal }) as ProcessRecord;

describe('caller on the process page', () => {
  it('shows a JWT caller’s type, id and name, with the claims folded away', async () => {
    renderWithProviders(
      <CallerPanel
        record={record({
          type: 'jwt',
          id: 'user-42',
          name: 'Jane',
          claims: { sub: 'user-42', name: 'Jane', scope: 'orders:write' },
        })}
      />,
    );
    expect(screen.getByText('JWT')).toBeTruthy();
    expect(screen.getByText('user-42')).toBeTruthy();
    expect(screen.getByText('Jane')).toBeTruthy();
    const summary = screen.getByText('3 JWT claims');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    await userEvent.click(summary);
    expect(details.open).toBe(true);
    expect(details.textContent).toContain('"scope": "orders:write"');
  });

  it('says an anonymous caller is anonymous', () => {
    renderWithProviders(<CallerPanel record={record(null)} />);
    expect(screen.getByText('Anonymous')).toBeTruthy();
    expect(screen.getByText('198.51.100.4')).toBeTruthy();
  });
});
