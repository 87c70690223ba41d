import type { RequestSchema, TestRunRequest, TestRunResult } from '@contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { TestRunPanel } from './TestRunPanel';

const bodySchema = {
  type: 'object',
  required: ['email', 'plan'],
  properties: {
    email: { type: 'string', format: 'email' },
    plan: { enum: ['free', 'pro'], default: 'free' },
    seats: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    newsletter: { type: 'boolean' },
  },
};

const ok: TestRunResult = {
  response: { status: 200, headers: {}, body: '{"ok":true}', bodyEncoding: 'utf8', bodyTruncated: false },
  logs: [],
  error: null,
  durationMs: 5,
  fetches: [],
  mails: [],
};

const refused = (errors: TestRunResult['validationErrors']): TestRunResult => ({
  response: { status: 422, headers: {}, body: '{}', bodyEncoding: 'utf8', bodyTruncated: false },
  error: { code: 'request_invalid', name: 'RequestInvalid', message: 'The request does not match' },
  validationErrors: errors,
  logs: [],
  fetches: [],
  mails: [],
  durationMs: 0,
});

/** The test-run API, answering each run with the next result, and what each run sent. */
function stubTestRuns(...results: TestRunResult[]) {
  const sent: TestRunRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      expect(url).toBe('/api/admin/endpoints/e1/test-run');
      sent.push(JSON.parse(String(init?.body)) as TestRunRequest);
      return new Response(JSON.stringify(results.shift()), { headers: { 'content-type': 'application/json' } });
    }),
  );
  return sent;
}

function renderPanel(
  getRequestSchema?: () => { ok: true; value?: RequestSchema | null } | { ok: false; part: 'body' },
) {
  renderWithProviders(
    <TestRunPanel
      endpointId="e1"
      methods={['GET', 'POST']}
      getDraft={() => ({ code: 'export default (r) => r.body', language: 'javascript' })}
      initialProcessId={null}
      onOutcome={() => undefined}
      onGoTo={() => undefined}
      bodySchema={bodySchema}
      getRequestSchema={getRequestSchema}
    />,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('the test-run form made from the body schema', () => {
  it('builds the body from its fields and sends it with the draft schema', async () => {
    const draftSchema: RequestSchema = { body: bodySchema };
    const sent = stubTestRuns(ok);
    renderPanel(() => ({ ok: true, value: draftSchema }));
    await userEvent.click(screen.getByRole('radio', { name: 'Schema form' }));
    const form = screen.getByTestId('schema-form');
    expect(
      within(form)
        .getByLabelText(/^email/)
        .getAttribute('type'),
    ).toBe('email');
    expect((within(form).getByLabelText(/^plan/) as HTMLSelectElement).value).toBe('0');
    await userEvent.type(within(form).getByLabelText(/^email/), 'jane@example.com');
    await userEvent.selectOptions(within(form).getByLabelText(/^plan/), 'pro');
    await userEvent.type(within(form).getByLabelText(/^seats/), '3');
    await userEvent.click(within(form).getByRole('button', { name: 'Add an item' }));
    await userEvent.type(within(form).getByLabelText('tags, item 1'), 'vip');
    await userEvent.click(within(form).getByLabelText(/^newsletter/));
    await userEvent.click(screen.getByTestId('run-test'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      request: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { plan: 'pro', email: 'jane@example.com', seats: 3, tags: ['vip'], newsletter: true },
      },
      requestSchema: draftSchema,
    });
  });

  it('shows the run’s 422 next to the fields it is about, and above the form what belongs to none', async () => {
    stubTestRuns(
      refused([
        { path: '/body/email', message: 'must match format "email"' },
        { path: '/query/page', message: 'must be integer' },
      ]),
    );
    renderPanel();
    await userEvent.click(screen.getByRole('radio', { name: 'Schema form' }));
    await userEvent.type(screen.getByLabelText(/^email/), 'not-an-email');
    await userEvent.click(screen.getByTestId('run-test'));
    const email = await screen.findByLabelText(/^email/);
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(email.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe(
      'must match format "email"',
    );
    expect(within(screen.getByTestId('schema-form')).getByText('/query/page: must be integer')).toBeTruthy();
    const rejected = screen.getByTestId('validation-errors');
    expect(rejected.textContent).toContain('Refused before the scenario ran');
    expect(rejected.textContent).toContain('/body/email must match format "email"');
  });

  it('does not run while the schema draft has a problem, and says which part', async () => {
    const sent = stubTestRuns(ok);
    renderPanel(() => ({ ok: false, part: 'body' }));
    await userEvent.click(screen.getByTestId('run-test'));
    expect(
      await screen.findByText('The request schema draft has a problem (Body). Fix or remove it to run.'),
    ).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
