import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';
import type { Config } from '../core/config.js';
import { allowedHostsOf, hostMatches } from '../http/host-policy.js';

type Trust = (address: string, hop: number) => boolean;

/** Express's reading of TRUST_PROXY, so the socket sees the same scheme and host as the HTTP routes. */
function compileTrust(value: Config['TRUST_PROXY']): Trust {
  if (value === true) return () => true;
  if (value === false) return () => false;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return proxyAddr.compile(value);
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Whether a socket.io handshake may proceed, judged by its `Origin` header.
 *
 * Browsers always send `Origin` on a WebSocket handshake, and a page of another origin
 * (another port or scheme of the same site counts: browsers send it the cookie too) must not
 * read the live feed. The handshake's origin must therefore be the server's own: PUBLIC_URL's
 * origin when set, else the scheme and host the request came to (as Express sees them behind
 * a trusted proxy). A handshake without `Origin` comes from a non-browser client; it goes on
 * to the session check like before.
 */
export function createOriginCheck(config: Pick<Config, 'PUBLIC_URL' | 'TRUST_PROXY' | 'HOST' | 'ALLOWED_HOSTS'>) {
  const trust = compileTrust(config.TRUST_PROXY);
  const publicOrigin = config.PUBLIC_URL ? originOf(config.PUBLIC_URL) : null;
  const allowedHosts = allowedHostsOf(config);

  function ownOrigin(req: IncomingMessage): string | null {
    if (publicOrigin) return publicOrigin;
    const trusted = trust(req.socket.remoteAddress ?? '', 0);
    const encrypted = (req.socket as Partial<TLSSocket>).encrypted === true;
    const scheme =
      (trusted ? firstValue(req.headers['x-forwarded-proto']) : undefined) ?? (encrypted ? 'https' : 'http');
    const host = (trusted ? firstValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
    if (!host || (scheme !== 'http' && scheme !== 'https')) return null;
    if (allowedHosts && !allowedHosts.some((pattern) => hostMatches(pattern, host))) return null;
    return originOf(`${scheme}://${host}`);
  }

  return function isAllowedOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const given = originOf(origin);
    return given !== null && given === ownOrigin(req);
  };
}
