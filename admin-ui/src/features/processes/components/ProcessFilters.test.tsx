import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_PARAMS } from '../lib/filter-params';
import { ProcessFilters } from './ProcessFilters';

describe('process filters', () => {
  it('toggles status chips and picks an endpoint', async () => {
    const onChange = vi.fn();
    render(<ProcessFilters params={EMPTY_PARAMS} onChange={onChange} endpoints={[{ id: 'e1', label: 'lead' }]} />);
    const failed = screen.getByRole('button', { name: 'Failed' });
    expect(failed.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(failed);
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_PARAMS, statuses: ['failed'] });
    await userEvent.selectOptions(screen.getByLabelText('Endpoint'), 'e1');
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_PARAMS, endpointId: 'e1' });
  });

  it('searches after a pause in typing, once', async () => {
    const onChange = vi.fn();
    render(<ProcessFilters params={EMPTY_PARAMS} onChange={onChange} endpoints={[]} />);
    await userEvent.type(screen.getByLabelText('Search'), 'boom');
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...EMPTY_PARAMS, q: 'boom' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('filters by the idempotency key typed, after a pause', async () => {
    const onChange = vi.fn();
    render(<ProcessFilters params={EMPTY_PARAMS} onChange={onChange} endpoints={[]} />);
    await userEvent.type(screen.getByLabelText('Idempotency key'), 'order-42');
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...EMPTY_PARAMS, idempotencyKey: 'order-42' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('does not commit a search again and again for a trailing space the URL drops', async () => {
    const onChange = vi.fn();
    render(<ProcessFilters params={{ ...EMPTY_PARAMS, q: 'boom' }} onChange={onChange} endpoints={[]} />);
    await userEvent.type(screen.getByLabelText('Search'), ' ');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows custom range inputs and a clear button when filtered', async () => {
    const onChange = vi.fn();
    render(<ProcessFilters params={{ ...EMPTY_PARAMS, range: 'custom' }} onChange={onChange} endpoints={[]} />);
    expect(screen.getByLabelText('From')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenLastCalledWith(EMPTY_PARAMS);
  });

  it('offers the current filter for download as CSV and NDJSON', async () => {
    render(
      <ProcessFilters
        params={{ ...EMPTY_PARAMS, q: 'jane@example.com', statuses: ['succeeded', 'failed'], endpointId: 'e1' }}
        onChange={vi.fn()}
        endpoints={[{ id: 'e1', label: 'lead' }]}
      />,
    );
    await userEvent.click(screen.getByText('Export'));
    const csv = screen.getByRole('link', { name: /^CSV/ });
    const ndjson = screen.getByRole('link', { name: /^NDJSON/ });
    expect(csv.hasAttribute('download')).toBe(true);
    const url = new URL(csv.getAttribute('href') ?? '', 'http://admin.test');
    expect(url.pathname).toBe('/api/admin/processes/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      endpointId: 'e1',
      status: 'succeeded,failed',
      q: 'jane@example.com',
    });
    expect(new URL(ndjson.getAttribute('href') ?? '', 'http://admin.test').searchParams.get('format')).toBe('ndjson');
  });
});
