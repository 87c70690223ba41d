import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LogLines, RunErrorBox } from './run-output';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

describe('run output', () => {
  it('renders log text and error messages as text, never as HTML', () => {
    const { container } = render(
      <>
        <LogLines logs={[{ level: 'warn', time: '2026-11-23T10:00:00.123Z', text: HOSTILE }]} locale="en" />
        <RunErrorBox error={{ code: 'scenario_error', name: 'Error', message: HOSTILE }} />
      </>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getAllByText(HOSTILE, { exact: false }).length).toBe(2);
  });

  it('offers to jump to each scenario line of the stack', async () => {
    const onGoTo = vi.fn();
    render(
      <RunErrorBox
        error={{
          code: 'scenario_error',
          name: 'TypeError',
          message: 'x is undefined',
          stack: 'TypeError: x\n    at handler (scenario.js:4:9)',
        }}
        onGoTo={onGoTo}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Go to line 4' }));
    expect(onGoTo).toHaveBeenCalledWith({ line: 4, column: 9 });
  });
});
