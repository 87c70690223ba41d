import type { ScenarioDraftInfo } from '@contract';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DraftControls } from './DraftControls';

const draft: ScenarioDraftInfo = {
  endpointId: 'ep-1',
  language: 'javascript',
  code: 'export default () => 2',
  savedBy: { id: 'u-1', email: 'jane@example.com', name: 'Jane' },
  savedAt: new Date(Date.now() - 120_000).toISOString(),
  basedOnVersion: 3,
};

function renderControls(props: Partial<ComponentProps<typeof DraftControls>> = {}) {
  const handlers = { onSave: vi.fn(), onPublish: vi.fn(), onDiscard: vi.fn(async () => undefined) };
  render(
    <DraftControls
      draft={null}
      liveVersion={3}
      dirty={false}
      changed={false}
      canSave
      canPublish
      busy={false}
      {...handlers}
      {...props}
    />,
  );
  return handlers;
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('draft controls', () => {
  it('shows the live version with nothing to save or publish when the editor holds the live code', () => {
    renderControls();
    expect(screen.getByTestId('draft-state').textContent).toBe('Version 3 is live');
    expect(button('Save draft').disabled).toBe(true);
    expect(button('Publish…').disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Discard draft' })).toBeNull();
  });

  it('offers Save draft for unsaved changes, and says which version still serves', () => {
    const { onSave } = renderControls({ dirty: true, changed: true });
    expect(screen.getByTestId('draft-state').textContent).toBe('Unsaved changes' + 'live: version 3');
    fireEvent.click(button('Save draft'));
    expect(onSave).toHaveBeenCalledOnce();
    expect(button('Publish…').disabled).toBe(false);
  });

  it('names who saved the draft and when, and publishes or discards it', () => {
    const { onPublish } = renderControls({ draft, changed: true });
    expect(screen.getByTestId('draft-state').textContent).toMatch(/^Draft saved .+ by Jane/);
    expect(button('Save draft').disabled).toBe(true);
    fireEvent.click(button('Publish…'));
    expect(onPublish).toHaveBeenCalledOnce();
    fireEvent.click(button('Discard draft'));
    expect(screen.getByRole('dialog', { name: 'Discard the draft?' })).toBeTruthy();
  });

  it('lets an editor save but not publish a scenario only an admin may publish', () => {
    renderControls({ dirty: true, changed: true, canPublish: false });
    expect(button('Save draft').disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Publish…' })).toBeNull();
  });

  it('shows a viewer where the code stands without any button', () => {
    renderControls({ canSave: false, canPublish: false });
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });
});
