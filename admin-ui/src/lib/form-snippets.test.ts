import { describe, expect, it } from 'vitest';
import {
  THANK_YOU_URL,
  formDataFetchSnippet,
  formFallbackScenario,
  htmlFormMethod,
  htmlFormSnippet,
} from './form-snippets';
import { PLACEHOLDERS } from './snippets';

const URL_ = 'https://sg.example.com/api/webrequest/contact-form';

describe('form snippets', () => {
  it('sends the fields of a form on the page with fetch and FormData, asking for JSON', () => {
    const snippet = formDataFetchSnippet({ url: URL_, methods: ['POST'], async: true, auth: { type: 'apiKey' } });
    expect(snippet).toContain(`fetch("${URL_}?async=true"`);
    expect(snippet).toContain('body: new FormData(form)');
    expect(snippet).toContain(`Accept: 'application/json'`);
    expect(snippet).toContain(`Authorization: "Bearer ${PLACEHOLDERS.apiKey}"`);
    expect(() => new Function(`return async () => {\n${snippet}\n}`)).not.toThrow();
  });

  it('writes an HTML form that posts by itself without JavaScript, to the escaped URL', () => {
    const url = `${URL_}?a=1&b="x"`;
    const html = htmlFormSnippet({ url, methods: ['GET', 'POST'] });
    const page = new DOMParser().parseFromString(html, 'text/html');
    const form = page.querySelector('form')!;
    expect(form.getAttribute('action')).toBe(url);
    expect(form.getAttribute('method')).toBe('post');
    expect([...form.querySelectorAll('[name]')].map((field) => field.getAttribute('name'))).toEqual([
      'email',
      'message',
    ]);
    expect(form.querySelector('button[type=submit]')).not.toBeNull();
    const script = page.querySelector('script')!.textContent ?? '';
    expect(script).toContain('event.preventDefault()');
    expect(() => new Function(script)).not.toThrow();
  });

  it('uses GET for an endpoint without POST, and knows when a plain form cannot call it', () => {
    expect(htmlFormSnippet({ url: URL_, methods: ['GET'] })).toContain('method="get"');
    expect(htmlFormMethod(['PUT', 'DELETE'])).toBeNull();
  });

  it('answers a form posted without JavaScript with a redirect, and the script’s fetch with JSON', () => {
    const lines = formFallbackScenario();
    const handler = new Function('request', 'Response', lines) as (
      request: { headers: Record<string, string> },
      response: { redirect: (url: string, status: number) => unknown },
    ) => unknown;
    const Response = { redirect: (url: string, status: number) => ({ redirect: url, status }) };
    const plainPost = { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } };
    expect(handler(plainPost, Response)).toEqual({ redirect: THANK_YOU_URL, status: 303 });
    expect(handler({ headers: { accept: 'application/json' } }, Response)).toEqual({ ok: true });
    expect(handler({ headers: { accept: '*/*' } }, Response)).toEqual({ ok: true });
    expect(handler({ headers: {} }, Response)).toEqual({ ok: true });
  });
});
