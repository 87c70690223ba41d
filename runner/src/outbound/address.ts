import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * What kind of destination an IP address is. Only `public` may be reached without an
 * OUTBOUND_ALLOW entry: everything else is the host's own machine, its network, or
 * something no server on the Internet should be.
 */
export type AddressCategory =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmark'
  | 'unique-local'
  | 'site-local'
  | 'invalid';

export interface AddressVerdict {
  category: AddressCategory;
  /**
   * For an IPv6 address that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
   * 6to4, Teredo): the form and the embedded address the verdict was taken from.
   */
  embedded?: { form: string; ipv4: string };
}

type Range = [address: string, prefix: number, category: AddressCategory];

// Order matters only where ranges nest: broadcast before 240/4.
const IPV4_RANGES: Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata (169.254.169.254) lives here
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments (DS-Lite, NAT64 discovery)
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // the deprecated 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmark'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

// Checked after the forms that embed an IPv4 address; anything outside 2000::/3 (global
// unicast) that is not listed is `reserved`, so a new special range is refused by default.
const IPV6_RANGES: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
  ['64:ff9b:1::', 48, 'private'], // NAT64 for local use (RFC 8215)
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['2001:2::', 48, 'benchmark'],
  ['2001:10::', 28, 'reserved'], // ORCHID
  ['2001:20::', 28, 'reserved'], // ORCHIDv2
];

function buildLists(ranges: Range[], family: 'ipv4' | 'ipv6'): Array<[BlockList, AddressCategory]> {
  return ranges.map(([address, prefix, category]) => {
    const list = new BlockList();
    list.addSubnet(address, prefix, family);
    return [list, category];
  });
}

const V4_LISTS = buildLists(IPV4_RANGES, 'ipv4');
const V6_LISTS = buildLists(IPV6_RANGES, 'ipv6');
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

function classifyV4(ip: string): AddressCategory {
  for (const [list, category] of V4_LISTS) if (list.check(ip, 'ipv4')) return category;
  return 'public';
}

/** The 16 bytes of an IPv6 address (zone id ignored); null when it is not one. */
export function ipv6Bytes(text: string): Uint8Array | null {
  const address = text.split('%')[0]!;
  if (!isIPv6(address)) return null;
  let head = address;
  const tail: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const octets = dotted[1]!.split('.').map(Number);
    tail.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    head = address.slice(0, -dotted[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const parseGroups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left, right] = head.split('::') as [string, string | undefined];
  const leftGroups = parseGroups(left);
  const rightGroups = [...(right === undefined ? [] : parseGroups(right)), ...tail];
  if (right === undefined) leftGroups.push(...rightGroups.splice(0));
  const groups = [
    ...leftGroups,
    ...new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0),
    ...rightGroups,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

const ipv4At = (bytes: Uint8Array, offset: number, mask = 0) =>
  [0, 1, 2, 3].map((i) => (bytes[offset + i]! ^ mask) & 0xff).join('.');

const zeros = (bytes: Uint8Array, from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);

/** The IPv4 addresses an IPv6 address hands traffic to, by the form that embeds them. */
function embeddedIPv4(bytes: Uint8Array): { form: string; ipv4: string[] } | null {
  if (zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff)
    return { form: 'IPv4-mapped', ipv4: [ipv4At(bytes, 12)] };
  // ::/96 without :: and ::1 (judged as themselves): the deprecated IPv4-compatible form.
  if (zeros(bytes, 0, 12) && !(zeros(bytes, 12, 15) && bytes[15]! <= 1))
    return { form: 'IPv4-compatible', ipv4: [ipv4At(bytes, 12)] };
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(bytes, 4, 12))
    return { form: 'NAT64', ipv4: [ipv4At(bytes, 12)] };
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { form: '6to4', ipv4: [ipv4At(bytes, 2)] };
  // Teredo: the server's address, and the client's (stored inverted), both reached through it.
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0x00 && bytes[3] === 0x00)
    return { form: 'Teredo', ipv4: [ipv4At(bytes, 12, 0xff), ipv4At(bytes, 4)] };
  return null;
}

/**
 * Classifies an IP address (IPv4 or IPv6, in any textual form Node accepts). An IPv6 address
 * that embeds an IPv4 address is judged by the embedded one: `::ffff:127.0.0.1` is loopback.
 */
export function classifyAddress(ip: string): AddressVerdict {
  if (isIPv4(ip)) return { category: classifyV4(ip) };
  const bytes = ipv6Bytes(ip);
  if (!bytes) return { category: 'invalid' };
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    for (const ipv4 of embedded.ipv4) {
      const category = classifyV4(ipv4);
      if (category !== 'public') return { category, embedded: { form: embedded.form, ipv4 } };
    }
    return { category: 'public', embedded: { form: embedded.form, ipv4: embedded.ipv4[0]! } };
  }
  const address = ip.split('%')[0]!;
  for (const [list, category] of V6_LISTS) if (list.check(address, 'ipv6')) return { category };
  return { category: GLOBAL_UNICAST.check(address, 'ipv6') ? 'public' : 'reserved' };
}

/** `a loopback address`, `a link-local address (IPv4-mapped 169.254.169.254)`. */
export function describeVerdict(verdict: AddressVerdict): string {
  const article = /^[aeiou]/.test(verdict.category) ? 'an' : 'a';
  const via = verdict.embedded ? ` (${verdict.embedded.form} ${verdict.embedded.ipv4})` : '';
  return `${article} ${verdict.category} address${via}`;
}

/**
 * One spelling per address, for comparing against allow-list entries: IPv4-mapped IPv6 as its
 * IPv4 address, IPv6 in its compressed lower-case form. Null for anything that is no IP.
 */
export function canonicalAddress(ip: string): string | null {
  if (isIPv4(ip)) return ip;
  const bytes = ipv6Bytes(ip);
  if (!bytes) return null;
  if (zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4At(bytes, 12);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // The WHATWG URL serializer compresses exactly as RFC 5952 says.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}
