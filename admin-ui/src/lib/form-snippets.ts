import type { HttpMethod } from '@contract';
import {
  BODY_METHODS,
  EXAMPLE_BODY,
  PLACEHOLDERS,
  authorization,
  snippetMethod,
  withAsync,
  type SnippetInput,
} from './snippets';

// Calls of an endpoint from a web page's form, beside the curl and fetch ones of snippets.ts:
// `fetch` with the form's FormData, and a plain HTML <form> that works without JavaScript —
// with the few scenario lines that answer such a post with a page instead of JSON.

/** The example form's fields: the example body's keys (`email`, `message`). */
const FIELDS = Object.keys(EXAMPLE_BODY);
/** Where a visitor goes after a form posted without JavaScript; a placeholder for the site's own page. */
export const THANK_YOU_URL = 'https://www.example.com/thank-you';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The headers a page can send for the endpoint's access type (HMAC signs on a server, never in a page). */
function pageHeaders(input: SnippetInput): string[] {
  const auth = input.auth ?? { type: 'public' };
  const headers = [`Accept: 'application/json'`];
  if (auth.type === 'basic') {
    headers.push(`Authorization: 'Basic ' + btoa(${JSON.stringify(`${auth.username}:${PLACEHOLDERS.password}`)})`);
  }
  const header = authorization(auth, input.apiKey);
  if (header) headers.push(`Authorization: ${JSON.stringify(header)}`);
  return headers;
}

/** `fetch` with the fields of a form on the page, as multipart/form-data (files included). */
export function formDataFetchSnippet(input: SnippetInput): string {
  const method = snippetMethod(input.methods);
  const sendsBody = BODY_METHODS.includes(method);
  const options = [`  method: ${JSON.stringify(sendsBody ? method : 'POST')},`];
  options.push(`  headers: { ${pageHeaders(input).join(', ')} },`);
  options.push(`  body: new FormData(form), // multipart/form-data: fields and files`);
  if (input.credentials) options.push(`  credentials: 'include',`);
  return [
    `const form = document.querySelector('form');`,
    `const response = await fetch(${JSON.stringify(withAsync(input.url, input.async))}, {`,
    ...options,
    `});`,
    `const data = await response.json();`,
  ].join('\n');
}

/** The method a plain HTML form can use for the endpoint, or null when it allows neither GET nor POST. */
export function htmlFormMethod(methods: readonly HttpMethod[]): 'post' | 'get' | null {
  if (methods.includes('POST')) return 'post';
  return methods.includes('GET') ? 'get' : null;
}

/**
 * A form that posts to the endpoint by itself when JavaScript is off (the browser shows the
 * endpoint's answer: see `formFallbackScenario`), and with JavaScript sends the same fields with
 * `fetch` asking for JSON and stays on the page.
 */
export function htmlFormSnippet(input: SnippetInput): string {
  const method = htmlFormMethod(input.methods) ?? 'post';
  const action = escapeAttribute(withAsync(input.url, input.async));
  const inputs = FIELDS.map((name) =>
    name === 'message'
      ? `  <label>Message <textarea name="message" required></textarea></label>`
      : `  <label>${name[0]!.toUpperCase()}${name.slice(1)} <input name="${name}" type="${name === 'email' ? 'email' : 'text'}" required></label>`,
  );
  const send =
    method === 'post'
      ? [
          `    const response = await fetch(form.action, {`,
          `      method: 'POST',`,
          `      body: new URLSearchParams(new FormData(form)),`,
          `      headers: { Accept: 'application/json' },`,
          `    }).catch(() => null);`,
        ]
      : [
          `    const query = new URLSearchParams(new FormData(form));`,
          `    const response = await fetch(form.action + '?' + query, {`,
          `      headers: { Accept: 'application/json' },`,
          `    }).catch(() => null);`,
        ];
  return [
    `<form id="scriptgate-form" method="${method}" action="${action}">`,
    ...inputs,
    `  <button type="submit">Send</button>`,
    `  <p role="status" hidden></p>`,
    `</form>`,
    `<script>`,
    `  // With JavaScript: send with fetch and stay on the page. Without it, the browser posts`,
    `  // the form itself and shows the endpoint's answer to a plain post.`,
    `  document.getElementById('scriptgate-form').addEventListener('submit', async (event) => {`,
    `    event.preventDefault();`,
    `    const form = event.currentTarget;`,
    `    const status = form.querySelector('[role=status]');`,
    ...send,
    `    status.hidden = false;`,
    `    status.textContent = response?.ok ? 'Thank you!' : 'Sorry, that did not work. Please try again.';`,
    `    if (response?.ok) form.reset();`,
    `  });`,
    `</script>`,
  ].join('\n');
}

/**
 * The scenario lines that answer the form posted without JavaScript: a browser navigating asks
 * for a page (`Accept: text/html,…`, which `fetch` and `curl` do not send unless told), so
 * the visitor is sent on to the site's thank-you page instead of seeing JSON.
 */
export function formFallbackScenario(): string {
  return [
    `// A form posted without JavaScript: the browser asks for a page (text/html), not JSON.`,
    `if ((request.headers.accept ?? '').includes('text/html')) {`,
    `  return Response.redirect(${JSON.stringify(THANK_YOU_URL)}, 303)`,
    `}`,
    `return { ok: true }`,
  ].join('\n');
}
