import { BlockList, isIP } from 'node:net';

/**
 * An endpoint's IP allowlist: addresses and CIDR ranges, IPv4 and IPv6. Node's BlockList
 * matches an IPv4 rule against the IPv4-mapped form (`::ffff:10.0.0.1`) a dual-stack socket
 * reports, so either spelling of a caller's address is judged the same.
 */

/** Why an entry is not an address or a CIDR range; null when it is one. */
export function allowlistEntryProblem(entry: string): string | null {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return 'must be an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8';
  if (prefix === undefined) return null;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128)))
    return `the prefix length must be 0–${family === 4 ? 32 : 128}`;
  return null;
}

export interface Allowlist {
  allows(address: string): boolean;
}

/** Compiles entries already checked by `allowlistEntryProblem`; an empty list allows everyone. */
export function compileAllowlist(entries: readonly string[]): Allowlist {
  if (entries.length === 0) return { allows: () => true };
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    allows(address: string) {
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
