import type { ScenarioLanguage } from '@contract';
import { INTEGRATION_TEMPLATES } from './integrations';
import { WEBHOOK_TEMPLATES } from './webhooks';
import { TEMPLATE_IDS, type ScenarioTemplate, type TemplateId } from './types';

export { TEMPLATE_IDS, type ScenarioTemplate, type TemplateId };

const TEMPLATES: Record<TemplateId, ScenarioTemplate> = {
  blank: {
    id: 'blank',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    needsCors: false,
    body: `  ctx.log.info('called with', request.method, request.subpath);
  return { ok: true, received: request.body };`,
  },
  formToJson: {
    id: 'formToJson',
    methods: ['POST'],
    needsCors: true,
    body: `  // A form on another site posts here with fetch(); its origin is allowed under CORS.
  const form = request.body ?? {};
  const name = String(form.name ?? '').trim();
  const email = String(form.email ?? '').trim();
  const message = String(form.message ?? '').trim();
  if (!/^[^@\\s]+@[^@\\s]+$/.test(email)) {
    return Response.json({ ok: false, error: 'Please enter your email' }, { status: 422 });
  }
  ctx.log.info('new message from', email);
  // Mails it to the site owner: the server needs SMTP_URL and MAIL_FROM, and this address must be in
  // MAIL_ALLOWED_RECIPIENTS. Without them the form is still answered, only not mailed.
  const siteOwner = 'owner@example.com';
  try {
    await ctx.mail.send({
      to: siteOwner,
      replyTo: email,
      subject: \`Message from \${name || email}\`,
      text: \`\${message}\\n\\n— \${name} <\${email}>\`,
    });
  } catch (error) {
    ctx.log.warn('not mailed:', String(error));
  }
  return { ok: true, received: { name, email, message }, at: new Date().toISOString() };`,
  },
  jsonApi: {
    id: 'jsonApi',
    methods: ['POST'],
    needsCors: false,
    body: `  // A JSON API that answers 400 with a message per field, like the Scriptgate admin API does.
  const input = request.body && typeof request.body === 'object' ? request.body : {};
  const rules = [
    ['name', typeof input.name === 'string' && input.name.trim() !== '', 'is required'],
    ['email', typeof input.email === 'string' && /^[^@\\s]+@[^@\\s]+$/.test(input.email), 'must be an email address'],
    ['quantity', Number.isInteger(input.quantity) && input.quantity > 0, 'must be a positive whole number'],
  ];
  const fields = Object.fromEntries(rules.filter(([, ok]) => !ok).map(([field, , message]) => [field, message]));
  if (Object.keys(fields).length > 0) {
    return Response.json({ error: { code: 'validation_failed', fields } }, { status: 400 });
  }
  const order = { id: crypto.randomUUID(), name: input.name.trim(), email: input.email, quantity: input.quantity };
  ctx.log.info('order accepted', order.id);
  return Response.json(order, { status: 201 });`,
  },
  proxy: {
    id: 'proxy',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    needsCors: false,
    body: `  // Passes the request on to another API (its token comes from Secrets) and returns the answer.
  const upstream = new URL('https://httpbin.org/anything');
  upstream.pathname += request.subpath;
  for (const [key, value] of Object.entries(request.query)) upstream.searchParams.set(key, String(value));
  const answer = await fetch(upstream, {
    method: request.method,
    headers: {
      'content-type': request.headers['content-type'] ?? 'application/json',
      authorization: \`Bearer \${ctx.secrets.UPSTREAM_TOKEN ?? ''}\`,
    },
    body: ['GET', 'HEAD'].includes(request.method) ? undefined : request.rawBody,
  });
  ctx.log.info('upstream answered', answer.status);
  return new Response(await answer.text(), {
    status: answer.status,
    headers: { 'content-type': answer.headers.get('content-type') ?? 'text/plain', 'x-proxied-by': 'scriptgate' },
  });`,
  },
  redirect: {
    id: 'redirect',
    methods: ['GET', 'HEAD'],
    needsCors: false,
    body: `  // Short links: <endpoint URL>/docs answers 302 with Location: https://example.com/documentation
  const links = new Map([
    ['docs', 'https://example.com/documentation'],
    ['pricing', 'https://example.com/pricing'],
  ]);
  const target = links.get(request.subpath.replace(/^\\/+/, ''));
  if (!target) {
    return Response.json({ error: 'unknown link', known: [...links.keys()] }, { status: 404 });
  }
  ctx.log.info('redirect to', target);
  return Response.redirect(target, 302);`,
  },
  ...INTEGRATION_TEMPLATES,
  ...WEBHOOK_TEMPLATES,
};

export function getTemplate(id: TemplateId): ScenarioTemplate {
  return TEMPLATES[id];
}

export function listTemplates(): ScenarioTemplate[] {
  return TEMPLATE_IDS.map((id) => TEMPLATES[id]);
}

/** The handler's signature: typed parameters in TypeScript, JSDoc types in JavaScript (for autocomplete). */
export function handlerSignature(language: ScenarioLanguage): string {
  if (language === 'typescript') {
    return 'export default async function handler(request: ScenarioRequest, ctx: ScenarioContext) {';
  }
  return [
    '/**',
    ' * @param {ScenarioRequest} request what came in',
    ' * @param {ScenarioContext} ctx log, secrets and facts about this run',
    ' */',
    'export default async function handler(request, ctx) {',
  ].join('\n');
}

export function templateCode(id: TemplateId, language: ScenarioLanguage): string {
  return `${handlerSignature(language)}\n${TEMPLATES[id].body}\n}\n`;
}

/** When switching language, swaps our own handler signature (if the code still has it) for the other one. */
export function convertSignature(code: string, from: ScenarioLanguage, to: ScenarioLanguage): string {
  if (from === to) return code;
  const current = handlerSignature(from);
  return code.includes(current) ? code.replace(current, handlerSignature(to)) : code;
}
