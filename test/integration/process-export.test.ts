import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * Finding a submission (issue 15): the process list's search reaches the request body and the
 * log text, each item shows a preview of the body, and the current filter downloads as CSV or
 * NDJSON — streamed, capped at EXPORT_MAX_ROWS, safe to open in a spreadsheet.
 */
let server: TestServer;
let admin: AdminClient;
let endpointId: string;

const LEADS = [
  { name: 'Ann', email: 'ann@example.com', message: 'hello' },
  { name: '=HYPERLINK("http://evil.test","click")', email: 'mallory@example.com', message: '@SUM(A1:A9)' },
  { name: 'Jane Doe', email: 'jane@example.com', message: 'Call me, "soon"\nthanks' },
  { name: 'Bob', email: 'bob@example.com', message: '-2+3' },
  { name: 'Cy', email: 'cy@example.com', message: 'hi' },
  { name: 'Dee', email: 'dee@example.com', message: 'hi' },
  { name: 'Eve', email: 'eve@example.com', message: 'hi' },
];

async function exportOf(client: AdminClient, query: string) {
  const res = await fetch(`${server.url}/api/admin/processes/export?${query}`, { headers: { cookie: client.cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  // Not res.text(): its decoder would drop a byte-order mark silently.
  return { res, bytes, text: bytes.toString('utf8') };
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  server = await startTestServer({ EXPORT_MAX_ROWS: '5' });
  admin = await signIn(server.url);
  endpointId = (
    await createEndpoint(
      admin,
      'leads',
      `export default async function handler(request, ctx) {
         ctx.log.info('CRM accepted lead ' + request.body.name)
         return { ok: true }
       }`,
    )
  ).id;
  for (const lead of LEADS) {
    const res = await fetch(`${server.url}/api/webrequest/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(res.status).toBe(200);
  }
  await waitFor(async () => {
    const page = await admin.call('GET', `/processes?endpointId=${endpointId}&status=succeeded`);
    return (page.body.items as unknown[]).length === LEADS.length;
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('finding a submission', () => {
  it('finds a submission by the email in its body and shows a preview of the body in the list', async () => {
    const page = await admin.call('GET', '/processes?q=JANE%40example.com');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].bodyPreview).toBe(
      'name: Jane Doe · email: jane@example.com · message: Call me, "soon" thanks',
    );
    expect(page.body.items[0]).not.toHaveProperty('logs');
  });

  it('finds a run by a word of its log text, from the start of the word', async () => {
    const page = await admin.call('GET', '/processes?q=accepted%20lead%20bo');
    expect((page.body.items as Array<{ bodyPreview: string }>).map((p) => p.bodyPreview)).toEqual([
      'name: Bob · email: bob@example.com · message: -2+3',
    ]);
  });
});

describe('exporting processes', () => {
  it('downloads the current filter as CSV with a header row, named as an attachment', async () => {
    const { res, bytes, text } = await exportOf(admin, 'format=csv&q=jane%40example.com');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="scriptgate-processes-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(res.headers.get('x-export-total')).toBe('1');
    expect(res.headers.get('x-export-truncated')).toBe('false');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'id',
      'queuedAt',
      'finishedAt',
      'durationMs',
      'status',
      'mode',
      'endpoint',
      'method',
      'url',
      'responseStatus',
      'error',
      'ip',
      'caller',
      'body',
    ]);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.map((name, i) => [name, rows[0]![i]]));
    expect(row).toMatchObject({ status: 'succeeded', endpoint: 'leads', method: 'POST', responseStatus: '200' });
    // Commas, quotes and the line break survive the round trip inside one quoted cell.
    expect(JSON.parse(row.body!)).toEqual(LEADS[2]);
  });

  it('keeps a spreadsheet from running cells that start like a formula', async () => {
    const notes = await createEndpoint(admin, 'notes', 'export default () => "ok"');
    // Five: EXPORT_MAX_ROWS in this server.
    const hostile = ['=1+2', '@SUM(A1:A9)', '-2+3', '+cmd', '\t=HYPERLINK("http://evil.test")'];
    for (const body of hostile) {
      const res = await fetch(`${server.url}/api/webrequest/notes`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body,
      });
      expect(res.status).toBe(200);
    }
    await waitFor(async () => {
      const page = await admin.call('GET', `/processes?endpointId=${notes.id}&status=succeeded`);
      return (page.body.items as unknown[]).length === hostile.length;
    });
    const { text } = await exportOf(admin, `format=csv&endpointId=${notes.id}`);
    const [, ...rows] = parseCsv(text.slice(1));
    expect(rows.map((row) => row[13]).reverse()).toEqual(hostile.map((body) => `'${body}`));
    // A guarded cell that also holds quotes or commas is still one quoted cell.
    expect(text).toContain('"\'\t=HYPERLINK(""http://evil.test"")"');
  });

  it('streams NDJSON of full records, newest first, and stops at EXPORT_MAX_ROWS saying so', async () => {
    const { res, text } = await exportOf(admin, `format=ndjson&endpointId=${endpointId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="scriptgate-processes-.*\.ndjson"/);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('x-export-total')).toBe(String(LEADS.length));
    expect(res.headers.get('x-export-truncated')).toBe('true');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const records = lines.map((line) => JSON.parse(line) as { request: { body: { name: string } }; logs: unknown[] });
    expect(records.map((r) => r.request.body.name)).toEqual(['Eve', 'Dee', 'Cy', 'Bob', 'Jane Doe']);
    expect(records[0]?.logs).toHaveLength(1);
  });

  it('lets every role that reads processes export, and nobody signed out', async () => {
    await admin.call('POST', '/users', {
      email: 'viewer@example.test',
      name: 'Viewer',
      role: 'viewer',
      password: 'long enough password',
    });
    const viewer = await signIn(server.url, 'viewer@example.test', 'long enough password');
    const { res: allowed, text } = await exportOf(viewer, 'format=ndjson&q=ann%40example.com');
    expect(allowed.status).toBe(200);
    expect(text.trimEnd().split('\n')).toHaveLength(1);

    const anonymous = await fetch(`${server.url}/api/admin/processes/export?format=csv`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('refuses an unknown format or filter with validation_failed before anything is sent', async () => {
    for (const query of ['format=xlsx', '', 'format=csv&status=bogus', 'format=csv&limit=5']) {
      const { res, text } = await exportOf(admin, query);
      expect(res.status, query).toBe(400);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });
});
