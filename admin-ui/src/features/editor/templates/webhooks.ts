import type { ScenarioTemplate } from './types';

// Templates that receive another service's signed webhooks. The signature is checked by the
// endpoint's access settings (HMAC with the service's preset) before the scenario runs, and the
// body is checked against the template's schema, which also types `request.body` in the editor.

const githubPushSchema = {
  type: 'object',
  description: 'A GitHub webhook delivery: the push event’s main fields (ping and other events carry sender too).',
  required: ['sender'],
  properties: {
    ref: { type: 'string', description: 'The pushed ref, e.g. refs/heads/main.' },
    before: { type: 'string' },
    after: { type: 'string' },
    compare: { type: 'string', format: 'uri' },
    zen: { type: 'string', description: 'Sent with the ping event when the webhook is created.' },
    repository: {
      type: 'object',
      required: ['full_name'],
      properties: {
        full_name: { type: 'string' },
        html_url: { type: 'string', format: 'uri' },
        default_branch: { type: 'string' },
      },
    },
    pusher: { type: 'object', properties: { name: { type: 'string' }, email: { type: ['string', 'null'] } } },
    sender: { type: 'object', required: ['login'], properties: { login: { type: 'string' } } },
    head_commit: { anyOf: [{ $ref: '#/$defs/commit' }, { type: 'null' }] },
    commits: { type: 'array', items: { $ref: '#/$defs/commit' } },
  },
  $defs: {
    commit: {
      type: 'object',
      required: ['id', 'message'],
      properties: {
        id: { type: 'string' },
        message: { type: 'string' },
        timestamp: { type: 'string', format: 'date-time' },
        url: { type: 'string', format: 'uri' },
        author: {
          type: 'object',
          properties: { name: { type: 'string' }, email: { type: ['string', 'null'] }, username: { type: 'string' } },
        },
      },
    },
  },
};

const githubWebhook: ScenarioTemplate = {
  id: 'githubWebhook',
  methods: ['POST'],
  needsCors: false,
  access: { type: 'hmac', preset: 'github' },
  requestSchema: { body: githubPushSchema },
  body: `  // GitHub: the repository's Settings → Webhooks → Add webhook. Payload URL: this endpoint's URL;
  // content type: application/json; secret: the same as in Settings → Access (HMAC, GitHub),
  // which refuses a delivery without a valid X-Hub-Signature-256 before this code runs.
  // A push becomes one readable message, posted to the Slack or Mattermost incoming webhook in
  // the secret CHAT_WEBHOOK_URL when it is granted.
  const event = request.headers['x-github-event'] ?? 'unknown';
  const payload = request.body;
  const repository = payload.repository?.full_name ?? 'an organization';
  if (event === 'ping') {
    ctx.log.info('GitHub webhook set up for', repository, payload.zen ?? '');
    return { ok: true, pong: true };
  }
  if (event !== 'push') {
    ctx.log.info('not handled:', event, 'from', repository);
    return { ok: true, ignored: event };
  }
  const branch = (payload.ref ?? '').replace(/^refs\\/(heads|tags)\\//, '');
  const commits = payload.commits ?? [];
  const lines = commits.map(
    (commit) => \`• \${commit.id.slice(0, 7)} \${commit.message.split('\\n')[0]} (\${commit.author?.name ?? 'unknown'})\`,
  );
  const who = payload.pusher?.name ?? payload.sender.login;
  const text = [\`\${who} pushed \${commits.length} commit(s) to \${repository} \${branch}\`, ...lines, payload.compare ?? '']
    .filter(Boolean)
    .join('\\n');
  ctx.log.info(text);

  const webhookUrl = ctx.secrets.CHAT_WEBHOOK_URL;
  if (!webhookUrl) return { ok: true, sent: false, text };
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  // GitHub shows a delivery that got anything but 2xx as failed, with a button to redeliver it.
  if (!answer.ok) return Response.json({ ok: false, chatStatus: answer.status }, { status: 502 });
  return { ok: true, sent: true };`,
};

const nullableText = { type: ['string', 'null'] };

const stripeEventSchema = {
  type: 'object',
  description: 'A Stripe event: https://docs.stripe.com/api/events/object',
  required: ['id', 'type', 'data'],
  properties: {
    id: { type: 'string', description: 'evt_…; Stripe may deliver one event more than once.' },
    object: { const: 'event' },
    type: { type: 'string', description: 'e.g. checkout.session.completed, payment_intent.succeeded' },
    created: { type: 'integer', description: 'Unix seconds.' },
    livemode: { type: 'boolean' },
    api_version: nullableText,
    data: {
      type: 'object',
      required: ['object'],
      properties: {
        object: {
          type: 'object',
          description: 'The object the event is about (a Checkout Session, a PaymentIntent, …).',
          properties: {
            id: { type: 'string' },
            object: { type: 'string' },
            status: nullableText,
            amount: { type: 'integer' },
            amount_total: { type: ['integer', 'null'] },
            currency: nullableText,
            customer: nullableText,
            customer_email: nullableText,
            customer_details: {
              type: ['object', 'null'],
              properties: { email: nullableText, name: nullableText },
            },
          },
          additionalProperties: true,
        },
        previous_attributes: { type: 'object', additionalProperties: true },
      },
    },
  },
};

const stripeEvent: ScenarioTemplate = {
  id: 'stripeEvent',
  methods: ['POST'],
  needsCors: false,
  access: { type: 'hmac', preset: 'stripe' },
  requestSchema: { body: stripeEventSchema },
  body: `  // Stripe: Developers → Webhooks → Add destination with this endpoint's URL. Put its signing
  // secret (whsec_…) in Settings → Access (HMAC, Stripe): a request whose Stripe-Signature does not
  // match, or is older than the tolerance, is refused before this code runs.
  // Payments become a message in the Slack or Mattermost webhook in the secret CHAT_WEBHOOK_URL
  // when it is granted. Stripe may send one event twice: act on each event id once.
  const event = request.body;
  const object = event.data.object;
  const money = (amount, currency) =>
    typeof amount === 'number' ? \`\${(amount / 100).toFixed(2)} \${String(currency ?? '').toUpperCase()}\` : 'an amount';
  let text = '';
  switch (event.type) {
    case 'checkout.session.completed':
      text = \`Paid: \${money(object.amount_total, object.currency)} by \${object.customer_details?.email ?? object.customer_email ?? 'a customer'}\`;
      break;
    case 'payment_intent.succeeded':
      text = \`Payment succeeded: \${money(object.amount, object.currency)} (\${object.id})\`;
      break;
    case 'payment_intent.payment_failed':
      text = \`Payment failed: \${money(object.amount, object.currency)} (\${object.id})\`;
      break;
    default:
      ctx.log.info('not handled:', event.type, event.id);
      // Answer 2xx to what you do not handle too: Stripe retries anything else for days.
      return { received: true };
  }
  ctx.log.info(event.type, event.id, event.livemode ? 'live' : 'test', text);
  const webhookUrl = ctx.secrets.CHAT_WEBHOOK_URL;
  if (webhookUrl) {
    const answer = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: event.livemode ? text : \`[test] \${text}\` }),
    });
    if (!answer.ok) ctx.log.warn('the chat answered', answer.status);
  }
  return { received: true };`,
};

export const WEBHOOK_TEMPLATES = { githubWebhook, stripeEvent };
