import { describe, expect, it } from 'vitest';
import { requestTypings } from '../lib/schema-to-ts';
import { editorProblems } from '../testing/type-check';
import { getTemplate, templateCode, type TemplateId } from './index';

// Runs the webhook templates' JavaScript as the sandbox would call it, with a recording `fetch`
// and a minimal `Response`; and checks that their schemas type what GitHub and Stripe send.

type Handler = (request: unknown, ctx: unknown) => Promise<unknown>;

function load(id: TemplateId) {
  const sent: Array<{ url: string; body: string }> = [];
  const fetch = async (url: string, init: { body: string }) => {
    sent.push({ url, body: init.body });
    return { ok: true, status: 200 };
  };
  const Response = { json: (body: unknown, init?: { status?: number }) => ({ body, status: init?.status ?? 200 }) };
  const source = `${templateCode(id, 'javascript').replace('export default ', '')}\nreturn handler;`;
  const handler = new Function('fetch', 'Response', source)(fetch, Response) as Handler;
  const lines: string[] = [];
  const log = (...values: unknown[]) => lines.push(values.map(String).join(' '));
  const run = (body: unknown, headers: Record<string, string> = {}, secrets: Record<string, string> = {}) =>
    handler({ method: 'POST', headers, body }, { secrets, log: { debug: log, info: log, warn: log, error: log } });
  return { run, sent, lines };
}

const CHAT = { CHAT_WEBHOOK_URL: 'https://chat.example.com/hooks/abc' };

const push = {
  ref: 'refs/heads/main',
  compare: 'https://github.com/acme/shop/compare/1a2b...3c4d',
  repository: { full_name: 'acme/shop', html_url: 'https://github.com/acme/shop', default_branch: 'main' },
  pusher: { name: 'jane', email: 'jane@example.com' },
  sender: { login: 'jane' },
  commits: [
    { id: '3c4d5e6f7a8b', message: 'Fix the cart total\n\nRounding was off.', author: { name: 'Jane' } },
    { id: '9f8e7d6c5b4a', message: 'Update README', author: { name: 'Sam' } },
  ],
};

const checkout = {
  id: 'evt_1',
  object: 'event',
  type: 'checkout.session.completed',
  livemode: false,
  data: {
    object: {
      id: 'cs_test_1',
      object: 'checkout.session',
      amount_total: 4900,
      currency: 'eur',
      customer_details: { email: 'buyer@example.com', name: 'Buyer' },
    },
  },
};

describe('webhook templates', () => {
  it('start protected by the service’s HMAC preset, with a body schema', () => {
    expect(getTemplate('githubWebhook')).toMatchObject({
      access: { type: 'hmac', preset: 'github' },
      methods: ['POST'],
    });
    expect(getTemplate('stripeEvent')).toMatchObject({ access: { type: 'hmac', preset: 'stripe' }, methods: ['POST'] });
    expect(getTemplate('githubWebhook').requestSchema?.body).toMatchObject({ type: 'object', required: ['sender'] });
    expect(getTemplate('stripeEvent').requestSchema?.body).toMatchObject({ required: ['id', 'type', 'data'] });
  });

  it('GitHub: answers the ping and posts a push as one readable message', async () => {
    const ping = load('githubWebhook');
    expect(
      await ping.run({ zen: 'Keep it logically awesome.', sender: { login: 'jane' } }, { 'x-github-event': 'ping' }),
    ).toEqual({
      ok: true,
      pong: true,
    });
    const template = load('githubWebhook');
    expect(await template.run(push, { 'x-github-event': 'push' }, CHAT)).toEqual({ ok: true, sent: true });
    expect(JSON.parse(template.sent[0]!.body)).toEqual({
      text: [
        'jane pushed 2 commit(s) to acme/shop main',
        '• 3c4d5e6 Fix the cart total (Jane)',
        '• 9f8e7d6 Update README (Sam)',
        'https://github.com/acme/shop/compare/1a2b...3c4d',
      ].join('\n'),
    });
    expect(await load('githubWebhook').run(push, { 'x-github-event': 'issues' })).toEqual({
      ok: true,
      ignored: 'issues',
    });
  });

  it('Stripe: posts a completed checkout with its amount and buyer, and answers 2xx to other events', async () => {
    const template = load('stripeEvent');
    expect(await template.run(checkout, {}, CHAT)).toEqual({ received: true });
    expect(JSON.parse(template.sent[0]!.body)).toEqual({ text: '[test] Paid: 49.00 EUR by buyer@example.com' });
    const other = load('stripeEvent');
    expect(await other.run({ ...checkout, type: 'customer.created' }, {}, CHAT)).toEqual({ received: true });
    expect(other.sent).toHaveLength(0);
    expect(other.lines.join('\n')).toContain('not handled: customer.created');
  });

  it(
    'type request.body from their schemas, so a field the service does not send is an error',
    { timeout: 60_000 },
    () => {
      const github = requestTypings(getTemplate('githubWebhook').requestSchema);
      const stripe = requestTypings(getTemplate('stripeEvent').requestSchema);
      const scenario = (line: string) =>
        `export default async function handler(request: ScenarioRequest) {\n  ${line}\n}\n`;
      expect(
        editorProblems(scenario('return request.body.commits?.[0]?.sha;'), 'typescript', github).join('\n'),
      ).toContain("Property 'sha' does not exist");
      expect(
        editorProblems(scenario('const n: string = request.body.data.object.amount;'), 'typescript', stripe).join('\n'),
      ).toContain("is not assignable to type 'string'");
    },
  );
});
