import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { ErrorState } from './states';

describe('error states', () => {
  it('tells the user what to do when the server is down, with a retry', () => {
    render(<ErrorState error={new ApiError({ code: 'network_error', status: 0, message: 'x' })} onRetry={vi.fn()} />);
    expect(screen.getByText('The server cannot be reached')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('explains a 403 without offering a pointless retry', () => {
    render(
      <ErrorState
        error={new ApiError({ code: 'forbidden', status: 403, message: 'This needs the admin role' })}
        onRetry={vi.fn()}
      />,
    );
    expect(screen.getByText('Your role cannot do this')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('explains a 404', () => {
    render(<ErrorState error={new ApiError({ code: 'not_found', status: 404, message: 'No such endpoint' })} />);
    expect(screen.getByText('Not found')).toBeTruthy();
  });
});
