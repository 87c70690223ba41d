import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a customer's website on another origin: a contact form that posts to a
 * Scriptgate endpoint with fetch() (JSON, so the browser sends a CORS preflight) and shows
 * the answer as text.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example shop — contact</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 520px; margin: 40px auto; color: #222; }
  label { display: block; margin: 10px 0 4px; font-weight: 600; }
  input, textarea { width: 100%; padding: 8px; box-sizing: border-box; }
  button { margin-top: 14px; padding: 8px 18px; }
  pre { background: #f4f4f4; padding: 10px; white-space: pre-wrap; }
</style></head>
<body>
  <h1>Contact us</h1>
  <form id="contact">
    <label for="name">Name</label><input id="name" name="name">
    <label for="email">Email</label><input id="email" name="email" type="email">
    <label for="message">Message</label><textarea id="message" name="message"></textarea>
    <button type="submit">Send</button>
  </form>
  <p id="status"></p>
  <pre id="answer"></pre>
  <script>
    const endpoint = new URLSearchParams(location.search).get('endpoint');
    document.getElementById('contact').addEventListener('submit', async (event) => {
      event.preventDefault();
      const status = document.getElementById('status');
      const answer = document.getElementById('answer');
      status.textContent = 'Sending…';
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(Object.fromEntries(new FormData(event.target))),
        });
        status.textContent = 'HTTP ' + response.status;
        answer.textContent = JSON.stringify(await response.json(), null, 2);
      } catch (error) {
        status.textContent = 'Failed: ' + error.message;
      }
    });
  </script>
</body>
</html>`;

export interface CrossOriginSite {
  origin: string;
  pageUrl(endpointUrl: string): string;
  close(): Promise<void>;
}

export async function startCrossOriginSite(): Promise<CrossOriginSite> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '/').split('?')[0] === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (endpointUrl) => `${origin}/?endpoint=${encodeURIComponent(endpointUrl)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
