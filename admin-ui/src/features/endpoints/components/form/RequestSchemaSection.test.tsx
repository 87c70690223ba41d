import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../api/client';
import { renderWithProviders } from '../../../../test/render';
import { emptyEndpointValues } from '../../lib/form-model';
import { EndpointForm } from '../EndpointForm';

const initial = { ...emptyEndpointValues(), slug: 'signup' };

function renderForm(onSubmit = vi.fn(async (_input: unknown) => undefined), endpointId?: string) {
  renderWithProviders(
    <EndpointForm
      mode="create"
      readOnly={false}
      initial={initial}
      submitLabel="Save"
      onSubmit={onSubmit}
      endpointId={endpointId}
    />,
  );
  return onSubmit;
}

/** userEvent.type reads braces as key names: a schema goes in with one change event. */
async function typeSchema(label: string, text: string) {
  // Without a schema the editor loads on request; lazily (Monaco, stubbed here), a moment later.
  const write = screen.queryByRole('button', { name: /^Write a (body|query) schema$/ });
  if (write) await userEvent.click(write);
  fireEvent.change(await screen.findByLabelText(label), { target: { value: text } });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('the Request schema section of the endpoint settings', () => {
  it('loads no editor for an endpoint without a schema until one is asked for', async () => {
    renderForm();
    expect(screen.getByText(/No schema: requests are not checked/)).toBeTruthy();
    expect(screen.queryByLabelText('Body schema (JSON)')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Write a body schema' }));
    expect(await screen.findByLabelText('Body schema (JSON)')).toBeTruthy();
  });

  it('sends the typed body schema and the API docs listing', async () => {
    const onSubmit = renderForm();
    await typeSchema('Body schema (JSON)', '{ "type": "object", "required": ["email"] }');
    await userEvent.click(screen.getByLabelText('List in API docs'));
    expect(screen.getByText(/without signing in/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      requestSchema: { body: { type: 'object', required: ['email'] } },
      documented: true,
    });
  });

  it('says a schema is not JSON next to its editor instead of sending it', async () => {
    const onSubmit = renderForm();
    await typeSchema('Body schema (JSON)', '{ "type": ');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Not valid JSON.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the server’s finding under the query schema and marks where in it it points', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError({
        code: 'validation_failed',
        status: 400,
        message: 'Invalid input',
        fields: { 'requestSchema.query.properties.page.type': 'must be equal to one of the allowed values' },
      });
    });
    renderForm(onSubmit);
    await typeSchema('Body schema (JSON)', '{ "type": "object" }');
    await userEvent.click(screen.getByRole('tab', { name: /Query/ }));
    await typeSchema('Query schema (JSON)', '{ "type": "object", "properties": { "page": { "type": "int" } } }');
    await userEvent.click(screen.getByRole('tab', { name: /Body/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    // The query tab comes forward with the message and the marked place.
    expect(await screen.findByText('/properties/page/type: must be equal to one of the allowed values')).toBeTruthy();
    expect(screen.getByRole('tab', { name: /Query/ }).getAttribute('aria-selected')).toBe('true');
    const marked = screen.getByRole('list', { name: 'Query schema (JSON): marked problems' });
    expect(within(marked).getByText('/properties/page/type must be equal to one of the allowed values')).toBeTruthy();
    // Editing the schema takes the stale message away.
    await typeSchema('Query schema (JSON)', '{ "type": "object", "properties": { "page": { "type": "integer" } } }');
    expect(screen.queryByText(/must be equal to one of the allowed values/)).toBeNull();
  });

  it('proposes a body schema from a past process of the endpoint', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url.startsWith('/api/admin/processes?')) {
        expect(url).toContain('endpointId=e1');
        return json({
          items: [
            {
              id: 'p1',
              status: 'succeeded',
              queuedAt: '2026-11-23T10:00:00Z',
              request: { method: 'POST', subpath: '', url: '' },
            },
          ],
          nextCursor: null,
        });
      }
      if (url === '/api/admin/processes/p1') {
        return json({
          id: 'p1',
          request: {
            method: 'POST',
            query: {},
            body: { email: 'jane@example.com', seats: 3, tags: ['a'] },
            bodyTruncated: false,
          },
        });
      }
      return json({ error: { code: 'not_found', message: 'No such route' } }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);
    renderForm(undefined, 'e1');
    await userEvent.click(screen.getByRole('button', { name: 'Derive from a past process' }));
    await userEvent.selectOptions(await screen.findByLabelText('Recorded request'), 'p1');
    await userEvent.click(screen.getByRole('button', { name: 'Propose a body schema' }));
    await waitFor(() =>
      expect(JSON.parse((screen.getByLabelText('Body schema (JSON)') as HTMLTextAreaElement).value)).toEqual({
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email' },
          seats: { type: 'integer' },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['email', 'seats', 'tags'],
      }),
    );
  });
});
