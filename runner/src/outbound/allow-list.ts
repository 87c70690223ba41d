import { BlockList, isIP, isIPv6 } from 'node:net';
import { canonicalAddress } from './address.js';

/** A destination as the connector sees it: the URL's host name, the port, the address chosen. */
export interface Destination {
  /** The URL's host name as the WHATWG parser normalised it (IPv6 without brackets). */
  hostname: string;
  port: number;
  address: string;
}

/** The private destinations an admin opened with OUTBOUND_ALLOW. */
export interface OutboundAllow {
  /** The entries as given, for logs and messages. */
  readonly entries: readonly string[];
  permits(destination: Destination): boolean;
}

export class OutboundAllowError extends Error {}

interface HostEntry {
  /** A host name (lower-case, no trailing dot) or a canonical IP address. */
  host: string;
  isAddress: boolean;
  port: number | null;
}

const stripDot = (host: string) => (host.endsWith('.') ? host.slice(0, -1) : host);

/** The host as a URL would carry it: `0x7f.1` → `127.0.0.1`, `Example.COM` → `example.com`. */
function normaliseHost(raw: string, entry: string): string {
  let hostname: string;
  try {
    hostname = new URL(`http://${isIPv6(raw) ? `[${raw}]` : raw}/`).hostname;
  } catch {
    throw new OutboundAllowError(`OUTBOUND_ALLOW: "${entry}" is not a host name, host:port or CIDR range`);
  }
  if (hostname.startsWith('[')) hostname = hostname.slice(1, -1);
  return stripDot(hostname);
}

function parsePort(text: string, entry: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535)
    throw new OutboundAllowError(`OUTBOUND_ALLOW: "${entry}" has an invalid port`);
  return port;
}

function parseCidr(entry: string, ranges: BlockList): void {
  const slash = entry.indexOf('/');
  const address = entry.slice(0, slash);
  const prefixText = entry.slice(slash + 1);
  const family = isIP(address);
  const prefix = Number(prefixText);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(prefixText) || prefix > max)
    throw new OutboundAllowError(`OUTBOUND_ALLOW: "${entry}" is not a valid CIDR range (e.g. 10.0.0.0/8, fd00::/8)`);
  ranges.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function parseHost(entry: string): HostEntry {
  let host = entry;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], entry);
  } else if (!isIPv6(entry)) {
    const colon = entry.lastIndexOf(':');
    if (colon !== -1) {
      host = entry.slice(0, colon);
      port = parsePort(entry.slice(colon + 1), entry);
    }
  }
  // Wildcards are refused rather than kept as a name that would never match.
  if (host === '' || /[\s/@?#*]/.test(host))
    throw new OutboundAllowError(`OUTBOUND_ALLOW: "${entry}" is not a host name, host:port or CIDR range`);
  const normalised = normaliseHost(host, entry);
  const address = canonicalAddress(normalised);
  return { host: address ?? normalised, isAddress: address !== null, port };
}

/**
 * Parses OUTBOUND_ALLOW: comma-separated `host` (any port), `host:port`, `[ipv6]:port`, an IP
 * address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`). A host name is matched against the URL's
 * host name (whatever it resolves to); an address or range against the address connected to.
 * Throws `OutboundAllowError` naming the first bad entry.
 */
export function parseOutboundAllow(value: string | readonly string[] | undefined): OutboundAllow {
  const list = typeof value === 'string' ? value.split(',') : [...(value ?? [])];
  const entries = list.map((entry) => entry.trim()).filter((entry) => entry !== '');
  const ranges = new BlockList();
  const hosts: HostEntry[] = [];
  for (const entry of entries) {
    if (entry.includes('/')) parseCidr(entry, ranges);
    else hosts.push(parseHost(entry));
  }
  const hasRanges = entries.some((entry) => entry.includes('/'));
  return {
    entries,
    permits({ hostname, port, address }: Destination): boolean {
      const name = stripDot(hostname.toLowerCase());
      const canonical = canonicalAddress(address);
      for (const entry of hosts) {
        if (entry.port !== null && entry.port !== port) continue;
        if (entry.isAddress ? entry.host === canonical : entry.host === name) return true;
      }
      if (!hasRanges || canonical === null) return false;
      return ranges.check(canonical, isIP(canonical) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
