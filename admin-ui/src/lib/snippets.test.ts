import { describe, expect, it } from 'vitest';
import { can } from './permissions';
import { curlSnippet, fetchSnippet, publicUrl, shellQuote } from './snippets';

describe('call snippets', () => {
  const url = publicUrl('https://sg.example/', 'contact-form');

  it('builds the public URL from the origin and slug', () => {
    expect(url).toBe('https://sg.example/api/webrequest/contact-form');
  });

  it('writes a curl call that survives quotes in the body', () => {
    const curl = curlSnippet({ url, methods: ['POST'], body: { note: "it's" } });
    expect(curl).toContain("curl -i -X POST 'https://sg.example/api/webrequest/contact-form'");
    expect(curl).toContain(shellQuote(JSON.stringify({ note: "it's" })));
    expect(curlSnippet({ url, methods: ['GET'], async: true })).toBe(`curl -i '${url}?async=true'`);
  });

  it('writes a fetch call with credentials when CORS allows them', () => {
    const code = fetchSnippet({ url, methods: ['PUT', 'POST'], credentials: true });
    expect(code).toContain('method: "POST"');
    expect(code).toContain("credentials: 'include'");
  });
});

describe('roles', () => {
  it('lets editors write endpoints but not manage users, and viewers write nothing', () => {
    expect(can('editor', 'endpoints.write')).toBe(true);
    expect(can('editor', 'users.manage')).toBe(false);
    expect(can('viewer', 'scenario.write')).toBe(false);
    expect(can('admin', 'tokens.manage')).toBe(true);
    expect(can(null, 'process.rerun')).toBe(false);
  });
});
