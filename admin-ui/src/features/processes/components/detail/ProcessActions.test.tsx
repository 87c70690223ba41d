import type { ProcessRecord, Role } from '@contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { can } from '../../../../lib/permissions';
import { renderWithProviders } from '../../../../test/render';
import { ProcessActions } from './ProcessActions';

const session = vi.hoisted(() => ({ role: 'editor' as Role }));
vi.mock('../../../../lib/session', () => ({
  useSession: () => ({ can: (permission: Parameters<typeof can>[1]) => can(session.role, permission) }),
  usePermission: (permission: Parameters<typeof can>[1]) => can(session.role, permission),
}));

const record = {
  id: 'p1',
  endpointId: 'e1',
  mode: 'async',
  status: 'running',
} as unknown as ProcessRecord;

const posts: string[] = [];
function answerPosts() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      posts.push(url);
      const body = url.endsWith('/rerun') ? { processId: 'p2' } : { ...record, status: 'cancelled' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  posts.length = 0;
  session.role = 'editor';
});

describe('process actions', () => {
  it('asks before re-running and says the side effects happen again', async () => {
    answerPosts();
    renderWithProviders(<ProcessActions record={record} />);
    await userEvent.click(screen.getByRole('button', { name: 'Re-run' }));
    const dialog = screen.getByRole('dialog', { name: 'Run this request again?' });
    expect(dialog.textContent).toContain('emails are sent again');
    expect(dialog.textContent).toContain('callbacks and alerts go out again');
    expect(posts).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Run it again' }));
    await waitFor(() => expect(posts).toEqual(['/api/admin/processes/p1/rerun']));
    await screen.findByText('Re-run started');
  });

  it('names what each button of the cancel dialog does', async () => {
    answerPosts();
    renderWithProviders(<ProcessActions record={record} />);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this run?' });
    expect(within(dialog).queryByRole('button', { name: 'Cancel' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it running' }));
    expect(posts).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the run' }));
    await waitFor(() => expect(posts).toEqual(['/api/admin/processes/p1/cancel']));
  });

  it('shows a viewer the actions disabled, saying the editor role is needed', async () => {
    session.role = 'viewer';
    answerPosts();
    renderWithProviders(<ProcessActions record={record} />);
    const rerun = screen.getByRole('button', { name: 'Re-run' });
    expect(rerun.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(rerun.getAttribute('aria-describedby')!)?.textContent).toBe('Needs the Editor role');
    await userEvent.click(rerun);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel run' }).getAttribute('aria-disabled')).toBe('true');
    expect(posts).toEqual([]);
  });
});
