import { describe, expect, it } from 'vitest';
import { templateCode, type TemplateId } from './index';

// Runs the templates' JavaScript as the sandbox would call it, with a recording `fetch` and a
// minimal `Response`, to check what each sends where.

interface Sent {
  url: string;
  init: { method?: string; headers?: Record<string, string>; body?: string };
}

class FakeResponse {
  constructor(
    readonly body: unknown,
    readonly init: { status?: number } = {},
  ) {}
  get status() {
    return this.init.status ?? 200;
  }
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  async json() {
    return typeof this.body === 'string' ? (JSON.parse(this.body) as unknown) : this.body;
  }
  async text() {
    return typeof this.body === 'string' ? this.body : JSON.stringify(this.body);
  }
  static json(data: unknown, init?: { status?: number }) {
    return new FakeResponse(data, init);
  }
}

type Handler = (request: unknown, ctx: unknown) => Promise<unknown>;

function load(id: TemplateId, answer: unknown = 'ok') {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: Sent['init']) => {
    sent.push({ url, init });
    return new FakeResponse(answer);
  };
  const source = `${templateCode(id, 'javascript').replace('export default ', '')}\nreturn handler;`;
  const handler = new Function('fetch', 'Response', source)(fetch, FakeResponse) as Handler;
  const lines: string[] = [];
  const log = (...values: unknown[]) => lines.push(values.map(String).join(' '));
  const run = (body: unknown, secrets: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
    handler(
      { method: 'POST', subpath: '', headers: {}, query: {}, rawBody: JSON.stringify(body), body, ip: '198.51.100.7' },
      { secrets, log: { debug: log, info: log, warn: log, error: log }, ...extra },
    );
  return { run, sent, lines, postedText: () => (JSON.parse(sent[0]!.init.body!) as { text: string }).text };
}

const CHAT = { CHAT_WEBHOOK_URL: 'https://chat.example.com/hooks/abc' };

const alertmanagerPayload = {
  version: '4',
  status: 'firing',
  receiver: 'chat',
  externalURL: 'http://alertmanager.example.com:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', severity: 'critical', instance: 'api-1:9100' },
      annotations: { summary: 'Error rate above 5%' },
      startsAt: '2026-11-23T10:00:00Z',
    },
    {
      status: 'resolved',
      labels: { alertname: 'DiskFull', instance: 'db-1:9100' },
      annotations: { description: 'Disk usage back under 80%' },
      startsAt: '2026-11-23T09:00:00Z',
      endsAt: '2026-11-23T09:30:00Z',
    },
  ],
};

const grafanaPayload = {
  receiver: 'scriptgate',
  status: 'firing',
  title: '[FIRING:1] CPU high (web)',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'CPU high', team: 'web' },
      annotations: { summary: 'CPU above 90% for 5 minutes', description: 'web-3 is busy' },
      values: { A: 93.5 },
      dashboardURL: 'https://grafana.example.com/d/abc',
      panelURL: 'https://grafana.example.com/d/abc?viewPanel=2',
    },
  ],
};

describe('integration templates', () => {
  it('Alertmanager: posts one readable message with firing and resolved alerts, labels and annotations', async () => {
    const template = load('alertmanager');
    expect(await template.run(alertmanagerPayload, CHAT)).toEqual({ ok: true, sent: true });
    expect(template.sent).toHaveLength(1);
    expect(template.sent[0]!.url).toBe(CHAT.CHAT_WEBHOOK_URL);
    expect(template.postedText()).toBe(
      [
        'FIRING (1)',
        '• HighErrorRate — Error rate above 5%',
        '   severity=critical, instance=api-1:9100',
        '',
        'RESOLVED (1)',
        '• DiskFull — Disk usage back under 80%',
        '   instance=db-1:9100',
        '',
        'http://alertmanager.example.com:9093',
      ].join('\n'),
    );
  });

  it('Alertmanager: without the chat secret, answers the formatted text and sends nothing', async () => {
    const template = load('alertmanager');
    const answer = (await template.run(alertmanagerPayload)) as { sent: boolean; text: string };
    expect(answer.sent).toBe(false);
    expect(answer.text).toContain('HighErrorRate');
    expect(template.sent).toHaveLength(0);
    expect(template.lines.join('\n')).toContain('CHAT_WEBHOOK_URL');
  });

  it('Alertmanager and Grafana refuse a body that is not their webhook with 400', async () => {
    for (const id of ['alertmanager', 'grafana'] as const) {
      expect(await load(id).run({ hello: 'world' }, CHAT)).toMatchObject({ init: { status: 400 } });
    }
  });

  it('Grafana: posts the title, each alert with its summary, description, values and panel link', async () => {
    const template = load('grafana');
    expect(await template.run(grafanaPayload, CHAT)).toEqual({ ok: true, sent: true });
    expect(template.postedText()).toBe(
      [
        '[FIRING:1] CPU high (web)',
        '[FIRING] CPU high — CPU above 90% for 5 minutes',
        '   web-3 is busy',
        '   values: A=93.5',
        '   https://grafana.example.com/d/abc?viewPanel=2',
      ].join('\n'),
    );
  });

  it('Telegram: calls sendMessage of the bot in the secrets with the chat id and plain text', async () => {
    const template = load('telegram', { ok: true, result: { message_id: 42 } });
    const answer = await template.run(
      { text: 'New order <b>#7</b>' },
      { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_CHAT_ID: '-100200' },
    );
    expect(answer).toEqual({ ok: true, messageId: 42 });
    expect(template.sent[0]!.url).toBe('https://api.telegram.org/bot123:abc/sendMessage');
    expect(JSON.parse(template.sent[0]!.init.body!)).toEqual({
      chat_id: '-100200',
      text: 'New order <b>#7</b>',
      disable_web_page_preview: true,
    });
  });

  it('Telegram: answers 502 with the reason when Telegram refuses', async () => {
    const template = load('telegram', { ok: false, description: 'Bad Request: chat not found' });
    const answer = await template.run({ text: 'hi' }, { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_CHAT_ID: '5' });
    expect(answer).toMatchObject({ body: { error: 'Bad Request: chat not found' }, init: { status: 502 } });
  });

  it('Slack/Mattermost: posts { text } as it is, and other JSON as one line per field', async () => {
    const plain = load('chatWebhook');
    await plain.run({ text: 'Deploy finished' }, CHAT);
    expect(JSON.parse(plain.sent[0]!.init.body!)).toEqual({ text: 'Deploy finished' });
    const fields = load('chatWebhook');
    await fields.run({ service: 'api', version: 12 }, CHAT);
    expect(fields.postedText()).toBe('*service*: api\n*version*: 12');
  });

  it('Form to a JSON API: sends the lead as JSON with the bearer token from the secrets', async () => {
    const template = load('formToApi', { id: 'lead-1' });
    const answer = await template.run(
      { name: ' Jane ', email: 'jane@example.com', message: 'Call me' },
      { CRM_TOKEN: 'crm-secret' },
    );
    expect(answer).toEqual({ ok: true });
    const { url, init } = template.sent[0]!;
    expect(url).toBe('https://crm.example.com/api/leads');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer crm-secret', 'content-type': 'application/json' });
    expect(JSON.parse(init.body!)).toEqual({ name: 'Jane', email: 'jane@example.com', message: 'Call me', page: null });
  });

  it('every template that needs a secret says which one, and sends nothing without it', async () => {
    for (const id of ['formToApi', 'telegram', 'chatWebhook'] as const) {
      const template = load(id);
      expect(await template.run({ text: 'x', email: 'a@b.c' })).toMatchObject({ init: { status: 500 } });
      expect(template.sent).toHaveLength(0);
      expect(template.lines.join('\n')).toMatch(/secret/);
    }
  });

  it('the contact form mails the message to the site owner, with the sender as Reply-To', async () => {
    const mails: unknown[] = [];
    const template = load('formToJson');
    const mail = { send: async (message: unknown) => void mails.push(message) };
    const answer = await template.run({ name: 'Jane', email: 'jane@example.com', message: 'Hello' }, {}, { mail });
    expect(answer).toMatchObject({ ok: true, received: { email: 'jane@example.com' } });
    expect(mails).toEqual([
      {
        to: 'owner@example.com',
        replyTo: 'jane@example.com',
        subject: 'Message from Jane',
        text: 'Hello\n\n— Jane <jane@example.com>',
      },
    ]);
  });

  it('the contact form still answers when the mail is refused, and logs why', async () => {
    const template = load('formToJson');
    const mail = {
      send: async () => {
        throw new Error('Mail is not set up on this server (SMTP_URL and MAIL_FROM)');
      },
    };
    const answer = await template.run({ email: 'jane@example.com' }, {}, { mail });
    expect(answer).toMatchObject({ ok: true });
    expect(template.lines.join('\n')).toContain('not mailed: Error: Mail is not set up');
  });
});
