import type { AuditEntry } from '@contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { AuditTable } from './AuditTable';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1',
  at: '2026-11-23T10:00:00Z',
  actor: { id: 'u1', email: 'admin@example.test' },
  action: 'endpoint.update',
  entity: { type: 'endpoint', id: 'e1', name: 'contact-form' },
  ip: '203.0.113.7',
  details: { fields: ['access', 'methods'] },
  ...overrides,
});

describe('audit log table', () => {
  it('shows who did what to which endpoint, from where, linking to the endpoint while it exists', () => {
    renderWithProviders(
      <AuditTable
        endpointIds={new Set(['e1'])}
        items={[
          entry({}),
          entry({ id: 'a2', action: 'endpoint.delete', entity: { type: 'endpoint', id: 'gone', name: 'old-hook' } }),
        ]}
      />,
    );
    const [first, second] = screen.getAllByRole('row').slice(1);
    expect(within(first!).getByText('admin@example.test')).toBeTruthy();
    expect(within(first!).getByText('Changed settings')).toBeTruthy();
    expect(within(first!).getByRole('link', { name: 'contact-form' }).getAttribute('href')).toBe(
      '/endpoints/e1/settings',
    );
    expect(within(first!).getByText('203.0.113.7')).toBeTruthy();
    expect(within(first!).getByText('access, methods')).toBeTruthy();
    expect(within(second!).queryByRole('link')).toBeNull();
    expect(within(second!).getByText('old-hook')).toBeTruthy();
  });

  it('names the system as actor and shows an action it has no label for as its code', () => {
    renderWithProviders(
      <AuditTable
        endpointIds={new Set()}
        items={[entry({ actor: null, action: 'store.migrate', entity: { type: 'user', id: 'u9' }, details: {} })]}
      />,
    );
    expect(screen.getByText('System')).toBeTruthy();
    expect(screen.getByText('store.migrate').tagName).toBe('CODE');
  });
});
