import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { classifyAddress, describeVerdict } from './address.js';
import { parseOutboundAllow, type OutboundAllow } from './allow-list.js';
import { OutboundError } from './errors.js';

/** Resolves a host name to every address it has, in the resolver's order. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export interface OutboundOptions {
  /** Private destinations opened by the admin: OUTBOUND_ALLOW's entries, or as parsed; default: none. */
  allow?: string | readonly string[] | OutboundAllow;
  /** Default: `dns.lookup` with every address (what Node's own http client would connect to). */
  resolve?: ResolveHost;
  /** Time to establish one TCP (and TLS) connection; default 10 s. */
  connectTimeoutMs?: number;
}

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, order: 'verbatim' })).map((entry) => entry.address);

/**
 * The addresses of `hostname` this agent may connect to, in order; throws `blocked:` when none.
 * An IP literal (already normalised by the WHATWG parser: `0x7f.1` arrives as `127.0.0.1`) is
 * its own only address.
 */
async function allowedAddresses(
  hostname: string,
  port: number,
  allow: OutboundAllow,
  resolve: ResolveHost,
): Promise<string[]> {
  const literal = isIP(hostname) !== 0;
  let addresses: string[];
  try {
    addresses = literal ? [hostname] : await resolve(hostname);
  } catch (error) {
    throw new OutboundError('network', `could not resolve ${hostname} (${(error as Error).message})`);
  }
  if (addresses.length === 0) throw new OutboundError('network', `${hostname} has no address`);
  const allowed = addresses.filter(
    (address) => allow.permits({ hostname, port, address }) || classifyAddress(address).category === 'public',
  );
  if (allowed.length > 0) return allowed;
  const first = addresses[0]!;
  const why = describeVerdict(classifyAddress(first));
  throw new OutboundError(
    'blocked',
    literal
      ? `${hostname} is ${why}; outbound requests may reach public addresses only (OUTBOUND_ALLOW opens others)`
      : `${hostname} resolves to ${first}, ${why}; outbound requests may reach public addresses only (OUTBOUND_ALLOW opens others)`,
  );
}

/**
 * An undici Agent whose every connection is checked at connect time, after DNS resolution:
 * it resolves the host itself, keeps only the addresses that are public or opened by the
 * allow-list, and connects to exactly such an address (TLS still verifies the host name), so
 * a DNS answer that changes between a check and the connection (rebinding) cannot slip in.
 * Redirects are new requests, so every hop passes here again.
 */
export function createOutboundAgent(options: OutboundOptions = {}): Agent {
  const allow =
    typeof options.allow === 'object' && 'permits' in options.allow ? options.allow : parseOutboundAllow(options.allow);
  const resolve = options.resolve ?? resolveWithDns;
  const connectTo = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  const connect: buildConnector.connector = (target, callback) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    allowedAddresses(target.hostname, port, allow, resolve).then(
      (addresses) => {
        // The next address when one refuses (localhost: ::1, then 127.0.0.1). `host` stays the
        // URL's, so TLS sends and verifies the real server name.
        const attempt = (index: number) =>
          connectTo({ ...target, hostname: addresses[index]! }, (...result) => {
            if (result[0] && index + 1 < addresses.length) attempt(index + 1);
            else callback(...result);
          });
        attempt(0);
      },
      (error: Error) => callback(error, null),
    );
  };
  return new Agent({ connect, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 });
}

const agents = new WeakMap<OutboundOptions, Agent>();

/**
 * The agent of an options object, made on first use and kept as long as the object is: a
 * caller that holds one `OutboundOptions` (the server's callbacks) shares one connection pool.
 */
export function agentFor(options: OutboundOptions): Agent {
  let agent = agents.get(options);
  if (!agent) {
    agent = createOutboundAgent(options);
    agents.set(options, agent);
  }
  return agent;
}
