import { describe, expect, it } from 'vitest';
import { editorProblems } from '../testing/type-check';
import { requestTypings, schemaToTypeScript } from './schema-to-ts';

const order = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', description: 'Where the receipt goes' },
    quantity: { type: 'integer', minimum: 1 },
    note: { type: ['string', 'null'] },
    size: { enum: ['S', 'M', 'L'] },
    gift: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    shipping: { $ref: '#/$defs/address' },
    'x-source': { const: 'web' },
    extra: { type: 'object', additionalProperties: { type: 'number' } },
  },
  required: ['email', 'quantity'],
  $defs: {
    address: {
      type: 'object',
      properties: { city: { type: 'string' }, zip: { type: 'string' } },
      required: ['city'],
    },
  },
};

const ts = (code: string) =>
  `export default async function handler(request: ScenarioRequest, ctx: ScenarioContext) {\n${code}\n}\n`;
const js = (code: string) =>
  `/**\n * @param {ScenarioRequest} request\n * @param {ScenarioContext} ctx\n */\nexport default async function handler(request, ctx) {\n${code}\n}\n`;

describe('schema → TypeScript', () => {
  it('writes properties, optional keys, unions, literals, arrays and named $defs', () => {
    expect(schemaToTypeScript(order, 'RequestBody')).toBe(
      [
        'type RequestBody = {',
        '  /** Where the receipt goes — Format: email. */',
        '  email: string;',
        '  quantity: number;',
        '  note?: string | null;',
        '  size?: "S" | "M" | "L";',
        '  gift?: boolean;',
        '  tags?: string[];',
        '  shipping?: RequestBodyAddress;',
        '  "x-source"?: "web";',
        '  extra?: {',
        '    [key: string]: number;',
        '  };',
        '};',
        'type RequestBodyAddress = {',
        '  city: string;',
        '  zip?: string;',
        '};',
      ].join('\n'),
    );
  });

  it('combines anyOf, oneOf and allOf, tuples, and makes unknown what it does not know', () => {
    expect(schemaToTypeScript({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'number' } }] }, 'T')).toBe(
      'type T = string | number[];',
    );
    expect(schemaToTypeScript({ oneOf: [{ const: 1 }, { const: 'one' }] }, 'T')).toBe('type T = 1 | "one";');
    expect(
      schemaToTypeScript(
        {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } } },
            { type: 'object', properties: { b: {} } },
          ],
        },
        'T',
      ),
    ).toBe('type T = {\n  a?: string;\n} & {\n  b?: unknown;\n};');
    expect(
      schemaToTypeScript({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }, 'T'),
    ).toBe('type T = [string, number];');
    expect(schemaToTypeScript({ not: { type: 'string' } }, 'T')).toBe('type T = unknown;');
    expect(schemaToTypeScript({ $ref: 'https://example.com/remote.json' }, 'T')).toBe('type T = unknown;');
    expect(schemaToTypeScript(true, 'T')).toBe('type T = unknown;');
    expect(schemaToTypeScript({ type: 'object' }, 'T')).toBe('type T = {\n  [key: string]: unknown;\n};');
  });

  it('types a recursive schema through a named type instead of looping', () => {
    const tree = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
    };
    expect(schemaToTypeScript(tree, 'Node')).toBe('type Node = {\n  name?: string;\n  children?: Node[];\n};');
  });

  it('types query values as the text they arrive as', () => {
    const query = {
      type: 'object',
      properties: { page: { type: 'integer' }, sort: { enum: [1, -1] } },
      required: ['page'],
    };
    expect(schemaToTypeScript(query, 'RequestQuery', 'query')).toBe(
      'type RequestQuery = {\n  page: string;\n  sort?: "1" | "-1";\n};',
    );
  });

  it('keeps a hostile description from closing the comment', () => {
    const text = schemaToTypeScript(
      { type: 'object', properties: { a: { description: 'x */ declare const y: 1; /*' } } },
      'T',
    );
    expect(text).toContain('x *\\/ declare');
  });
});

describe('the editor with an endpoint schema', { timeout: 60_000 }, () => {
  const typings = requestTypings({ body: order, query: { type: 'object', properties: { page: { type: 'integer' } } } });

  it('flags a body field the schema does not have, in TypeScript and JavaScript', () => {
    const code = 'return request.body.emial;';
    expect(editorProblems(ts(code), 'typescript', typings).join('\n')).toContain(
      "Property 'emial' does not exist on type 'RequestBody'",
    );
    expect(editorProblems(js(code), 'javascript', typings).join('\n')).toContain(
      "Property 'emial' does not exist on type 'RequestBody'",
    );
  });

  it('accepts the fields the schema has, with their types', () => {
    const code = [
      'const email: string = request.body.email;',
      'const quantity: number = request.body.quantity;',
      'const city: string | undefined = request.body.shipping?.city;',
      'const page: string | undefined = request.query.page;',
      'return { email, quantity, city, page };',
    ].join('\n');
    expect(editorProblems(ts(code), 'typescript', typings)).toEqual([]);
    expect(editorProblems(ts('const n: number = request.query.page;'), 'typescript', typings).join('\n')).toContain(
      "is not assignable to type 'number'",
    );
  });

  it('leaves body and query loose without a schema', () => {
    expect(requestTypings(null)).toBe('');
    expect(requestTypings({})).toBe('');
    expect(editorProblems(ts('return request.body.anything + request.query.whatever;'), 'typescript', '')).toEqual([]);
  });
});
