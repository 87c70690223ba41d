import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { AppLayout } from './AppLayout';

vi.mock('../lib/session', () => ({
  useSession: () => ({
    user: { id: 'u1', email: 'admin@example.test', name: 'Ada', role: 'admin' },
    can: () => true,
    signOut: vi.fn(),
  }),
}));

function renderShell(route = '/endpoints') {
  return renderWithProviders(
    <Routes>
      <Route element={<AppLayout />}>
        <Route
          path="endpoints"
          element={
            <div>
              <label>
                Search
                <input />
              </label>
              <textarea aria-label="Notes" />
              <div className="monaco-editor">
                <textarea aria-label="Code" />
              </div>
              <Link to="/processes">Go to processes</Link>
            </div>
          }
        />
        <Route path="endpoints/:endpointId" element={<p>editor</p>} />
        <Route path="processes" element={<p>processes page</p>} />
      </Route>
    </Routes>,
    { route },
  );
}

const shortcutList = () => screen.queryByRole('dialog', { name: 'Keyboard shortcuts' });

describe('keyboard shortcut list', () => {
  it('opens on ? and lists the editor’s save and run keys', async () => {
    renderShell();
    await userEvent.keyboard('?');
    const dialog = shortcutList();
    expect(dialog).not.toBeNull();
    expect(dialog!.textContent).toContain('Save the draft');
    expect(dialog!.textContent).toContain('Run a test');
    expect(dialog!.textContent).toContain('Ctrl');
  });

  it('does not open while typing a ? in a field, a textarea or the code editor', async () => {
    renderShell();
    for (const name of ['Search', 'Notes', 'Code']) {
      const field = screen.getByLabelText(name);
      await userEvent.type(field, '?');
      expect((field as HTMLInputElement).value).toBe('?');
      expect(shortcutList()).toBeNull();
    }
  });

  it('opens on Shift+/ where that key types another character (Russian layout)', async () => {
    renderShell();
    fireEvent.keyDown(document.body, { key: ',', code: 'Slash', shiftKey: true });
    expect(shortcutList()).not.toBeNull();
  });

  it('closes with Esc', async () => {
    renderShell();
    await userEvent.keyboard('?');
    const dialog = shortcutList()!;
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(shortcutList()).toBeNull();
  });

  it('opens from the keyboard button in the sidebar too', async () => {
    renderShell();
    await userEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts (?)' }));
    expect(shortcutList()).not.toBeNull();
  });
});

describe('navigation menu (narrow screens)', () => {
  const menuButton = () => screen.getByRole('button', { name: 'Menu' });

  it('says whether it is open, and closes on navigation', async () => {
    renderShell();
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(menuButton().getAttribute('aria-controls')).toBe('app-menu');
    await userEvent.click(menuButton());
    expect(menuButton().getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('.sidebar--open')).not.toBeNull();
    await userEvent.click(screen.getByRole('link', { name: 'Go to processes' }));
    expect(screen.getByText('processes page')).toBeTruthy();
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on a press beside it', async () => {
    renderShell();
    await userEvent.click(menuButton());
    await userEvent.click(screen.getByLabelText('Notes'));
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
  });

  it('closes with Esc and gives the focus back to its button', async () => {
    renderShell();
    await userEvent.click(menuButton());
    await userEvent.keyboard('{Escape}');
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menuButton());
  });
});

describe('help link', () => {
  it('is on every page, and from the editor points at the scenario API', () => {
    renderShell('/endpoints/ep1');
    const links = screen.getAllByRole('link', { name: 'Help' });
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.getAttribute('href')).toBe('/help#the-scenario-api');
  });
});
