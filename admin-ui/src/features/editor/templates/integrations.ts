import type { ScenarioTemplate } from './types';

// Templates that reach other systems with fetch. Each reads its token or webhook URL from
// ctx.secrets (granted to the endpoint by an admin), says so when it is missing, and answers
// 502 when the other side refuses, so the caller and the process record both show what happened.

const formToApi: ScenarioTemplate = {
  id: 'formToApi',
  methods: ['POST'],
  needsCors: true,
  body: `  // Passes a form (JSON or urlencoded) on to a JSON API with a bearer token: store the token as
  // the secret CRM_TOKEN (Secrets), grant it to this endpoint, and put your API's URL here.
  const API_URL = 'https://crm.example.com/api/leads';
  const token = ctx.secrets.CRM_TOKEN;
  if (!token) {
    ctx.log.error('the secret CRM_TOKEN is not granted to this endpoint');
    return Response.json({ ok: false, error: 'Not configured yet' }, { status: 500 });
  }
  const form = request.body ?? {};
  const lead = {
    name: String(form.name ?? '').trim(),
    email: String(form.email ?? '').trim(),
    message: String(form.message ?? '').trim(),
    page: request.headers['referer'] ?? null,
  };
  if (!/^[^@\\s]+@[^@\\s]+$/.test(lead.email)) {
    return Response.json({ ok: false, error: 'Please enter your email' }, { status: 422 });
  }
  const answer = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: \`Bearer \${token}\` },
    body: JSON.stringify(lead),
  });
  if (!answer.ok) {
    ctx.log.error('the API answered', answer.status, await answer.text());
    return Response.json({ ok: false, error: 'Could not pass the form on. Please try again later.' }, { status: 502 });
  }
  const created = await answer.json();
  ctx.log.info('passed on; the API made', created?.id ?? 'a record');
  return { ok: true };`,
};

const telegram: ScenarioTemplate = {
  id: 'telegram',
  methods: ['POST'],
  needsCors: false,
  body: `  // Sends { "text": "…" } (JSON or form) to a Telegram chat through a bot. Make the bot with
  // @BotFather, add it to the chat, and store the bot token as the secret TELEGRAM_BOT_TOKEN and
  // the chat's id as TELEGRAM_CHAT_ID (both granted to this endpoint).
  const token = ctx.secrets.TELEGRAM_BOT_TOKEN;
  const chatId = ctx.secrets.TELEGRAM_CHAT_ID;
  if (!token || !chatId) {
    ctx.log.error('grant the secrets TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID to this endpoint');
    return Response.json({ ok: false, error: 'Not configured yet' }, { status: 500 });
  }
  const text = String(request.body?.text ?? request.query.text ?? '').trim();
  if (!text) return Response.json({ ok: false, error: 'Send a text' }, { status: 422 });
  // Plain text (no parse_mode), so nothing in it is read as markup; Telegram takes up to 4096 characters.
  const answer = await fetch(\`https://api.telegram.org/bot\${token}/sendMessage\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: text.slice(0, 4096), disable_web_page_preview: true }),
  });
  const result = await answer.json();
  if (!result.ok) {
    ctx.log.error('Telegram refused:', result.description);
    return Response.json({ ok: false, error: result.description }, { status: 502 });
  }
  ctx.log.info('sent to Telegram as message', result.result.message_id);
  return { ok: true, messageId: result.result.message_id };`,
};

const chatWebhook: ScenarioTemplate = {
  id: 'chatWebhook',
  methods: ['POST'],
  needsCors: false,
  body: `  // Posts a message to a Slack or Mattermost channel through its incoming webhook: store the
  // webhook's URL as the secret CHAT_WEBHOOK_URL (granted to this endpoint). Both take { text }.
  const webhookUrl = ctx.secrets.CHAT_WEBHOOK_URL;
  if (!webhookUrl) {
    ctx.log.error('the secret CHAT_WEBHOOK_URL is not granted to this endpoint');
    return Response.json({ ok: false, error: 'Not configured yet' }, { status: 500 });
  }
  // { "text": "…" } is posted as it is; any other JSON or form becomes one line per field.
  const event = request.body && typeof request.body === 'object' ? request.body : { text: request.rawBody };
  const text =
    typeof event.text === 'string' && event.text.trim()
      ? event.text.trim()
      : Object.entries(event)
          .map(([key, value]) => \`*\${key}*: \${typeof value === 'string' ? value : JSON.stringify(value)}\`)
          .join('\\n');
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  if (!answer.ok) {
    ctx.log.error('the chat answered', answer.status, await answer.text());
    return Response.json({ ok: false }, { status: 502 });
  }
  return { ok: true };`,
};

const alertmanager: ScenarioTemplate = {
  id: 'alertmanager',
  methods: ['POST'],
  needsCors: false,
  body: `  // Prometheus Alertmanager: add this endpoint's URL as a receiver's webhook_configs url (and
  // protect it with Basic auth in Settings → Access: Alertmanager's http_config sends it).
  // Each notification becomes one readable message, posted to the Slack or Mattermost incoming
  // webhook in the secret CHAT_WEBHOOK_URL.
  const payload = request.body ?? {};
  if (!Array.isArray(payload.alerts)) {
    return Response.json({ error: 'Expected an Alertmanager webhook: { status, alerts: [...] }' }, { status: 400 });
  }
  const describe = (alert) => {
    const labels = alert.labels ?? {};
    const annotations = alert.annotations ?? {};
    const summary = annotations.summary ?? annotations.description ?? '';
    const details = Object.entries(labels)
      .filter(([name]) => name !== 'alertname')
      .map(([name, value]) => \`\${name}=\${value}\`)
      .join(', ');
    return \`• \${labels.alertname ?? 'alert'}\${summary ? \` — \${summary}\` : ''}\${details ? \`\\n   \${details}\` : ''}\`;
  };
  const section = (title, alerts) =>
    alerts.length > 0 ? \`\${title} (\${alerts.length})\\n\${alerts.map(describe).join('\\n')}\` : '';
  const firing = payload.alerts.filter((alert) => alert.status === 'firing');
  const resolved = payload.alerts.filter((alert) => alert.status === 'resolved');
  const text = [section('FIRING', firing), section('RESOLVED', resolved), payload.externalURL ?? '']
    .filter(Boolean)
    .join('\\n\\n');
  ctx.log.info(payload.status, firing.length, 'firing,', resolved.length, 'resolved');

  const webhookUrl = ctx.secrets.CHAT_WEBHOOK_URL;
  if (!webhookUrl) {
    ctx.log.warn('the secret CHAT_WEBHOOK_URL is not granted: the message was not sent');
    return { ok: true, sent: false, text };
  }
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  // Alertmanager sends the notification again when the answer is not 2xx.
  if (!answer.ok) return Response.json({ ok: false, chatStatus: answer.status }, { status: 502 });
  return { ok: true, sent: true };`,
};

const grafana: ScenarioTemplate = {
  id: 'grafana',
  methods: ['POST'],
  needsCors: false,
  body: `  // Grafana alerting: add a contact point of type Webhook with this endpoint's URL (and protect
  // it with Basic auth in Settings → Access: the contact point can send it). Each notification
  // becomes one readable message, posted to the Slack or Mattermost incoming webhook in the
  // secret CHAT_WEBHOOK_URL.
  const payload = request.body ?? {};
  if (!Array.isArray(payload.alerts)) {
    return Response.json({ error: 'Expected a Grafana alerting webhook: { status, alerts: [...] }' }, { status: 400 });
  }
  const lines = payload.alerts.map((alert) => {
    const labels = alert.labels ?? {};
    const annotations = alert.annotations ?? {};
    const state = alert.status === 'resolved' ? 'RESOLVED' : 'FIRING';
    const values = Object.entries(alert.values ?? {})
      .map(([query, value]) => \`\${query}=\${value}\`)
      .join(', ');
    const link = alert.panelURL || alert.dashboardURL || alert.generatorURL || '';
    return [
      \`[\${state}] \${labels.alertname ?? 'alert'}\${annotations.summary ? \` — \${annotations.summary}\` : ''}\`,
      annotations.description ? \`   \${annotations.description}\` : '',
      values ? \`   values: \${values}\` : '',
      link ? \`   \${link}\` : '',
    ]
      .filter(Boolean)
      .join('\\n');
  });
  const text = \`\${payload.title ?? \`Grafana: \${payload.status}\`}\\n\${lines.join('\\n')}\`;
  ctx.log.info('grafana', payload.status, lines.length, 'alert(s)');

  const webhookUrl = ctx.secrets.CHAT_WEBHOOK_URL;
  if (!webhookUrl) {
    ctx.log.warn('the secret CHAT_WEBHOOK_URL is not granted: the message was not sent');
    return { ok: true, sent: false, text };
  }
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  if (!answer.ok) return Response.json({ ok: false, chatStatus: answer.status }, { status: 502 });
  return { ok: true, sent: true };`,
};

export const INTEGRATION_TEMPLATES = { formToApi, telegram, chatWebhook, alertmanager, grafana };
