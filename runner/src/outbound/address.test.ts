import { describe, expect, it } from 'vitest';
import { canonicalAddress, classifyAddress, ipv6Bytes } from './address.js';
import { OutboundAllowError, parseOutboundAllow } from './allow-list.js';

const category = (ip: string) => classifyAddress(ip).category;

describe('address classification', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmark'],
    ['198.19.255.255', 'benchmark'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses the IPv4 address %s as %s', (ip, expected) => {
    expect(category(ip)).toBe(expected);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '11.0.0.1',
    '223.255.255.255',
  ])('lets the public IPv4 address %s through, next to the ranges it borders', (ip) => {
    expect(category(ip)).toBe('public');
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001:2::1', 'benchmark'],
    ['64:ff9b:1::a00:1', 'private'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
  ])('refuses the IPv6 address %s as %s', (ip, expected) => {
    expect(category(ip)).toBe(expected);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback', 'IPv4-mapped', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', 'IPv4-mapped', '127.0.0.1'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local', 'IPv4-mapped', '169.254.169.254'],
    ['::ffff:10.1.2.3', 'private', 'IPv4-mapped', '10.1.2.3'],
    ['::127.0.0.1', 'loopback', 'IPv4-compatible', '127.0.0.1'],
    ['::a00:1', 'private', 'IPv4-compatible', '10.0.0.1'],
    ['::0.0.0.2', 'unspecified', 'IPv4-compatible', '0.0.0.2'],
    ['64:ff9b::127.0.0.1', 'loopback', 'NAT64', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'link-local', 'NAT64', '169.254.169.254'],
    ['2002:7f00:1::', 'loopback', '6to4', '127.0.0.1'],
    ['2002:c0a8:101::1', 'private', '6to4', '192.168.1.1'],
    // Teredo keeps the client's address inverted in the last 32 bits: ~80ff:fffe is 127.0.0.1.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback', 'Teredo', '127.0.0.1'],
    // A private Teredo server (bits 32–63) is refused too.
    ['2001:0:a00:1::f7f7:f7f7', 'private', 'Teredo', '10.0.0.1'],
  ])('judges %s by the IPv4 address it embeds (%s)', (ip, expected, form, ipv4) => {
    expect(classifyAddress(ip)).toEqual({ category: expected, embedded: { form, ipv4 } });
  });

  it.each(['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2606:4700:4700::1111', '2a00:1450:4001::1'])(
    'lets the public IPv6 address %s through',
    (ip) => {
      expect(category(ip)).toBe('public');
    },
  );

  it('calls anything that is no IP address invalid', () => {
    expect(category('localhost')).toBe('invalid');
    expect(category('127.0.0.1.')).toBe('invalid');
    expect(category('')).toBe('invalid');
  });

  it('reads IPv6 text of every shape into the same bytes', () => {
    const loopback = [...new Uint8Array(15), 1];
    for (const text of ['::1', '0:0:0:0:0:0:0:1', '0::0:1', '::0.0.0.1'])
      expect([...ipv6Bytes(text)!]).toEqual(loopback);
    expect([...ipv6Bytes('1:2:3:4:5:6:7.8.9.10')!].slice(12)).toEqual([7, 8, 9, 10]);
    expect(ipv6Bytes('1.2.3.4')).toBeNull();
    expect(canonicalAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('FD00:0:0::0001')).toBe('fd00::1');
  });
});

describe('OUTBOUND_ALLOW', () => {
  const at = (hostname: string, port: number, address: string) => ({ hostname, port, address });

  it('opens a host name on every port, whatever it resolves to, and no other name', () => {
    const allow = parseOutboundAllow('receiver.internal');
    expect(allow.permits(at('receiver.internal', 8080, '10.0.0.5'))).toBe(true);
    expect(allow.permits(at('RECEIVER.internal.', 443, '127.0.0.1'))).toBe(true);
    expect(allow.permits(at('other.internal', 8080, '10.0.0.5'))).toBe(false);
    expect(allow.permits(at('sub.receiver.internal', 8080, '10.0.0.5'))).toBe(false);
  });

  it('opens a host:port on that port only', () => {
    const allow = parseOutboundAllow(['localhost:3001', '[::1]:3002', '127.0.0.1:3003']);
    expect(allow.permits(at('localhost', 3001, '127.0.0.1'))).toBe(true);
    expect(allow.permits(at('localhost', 3002, '127.0.0.1'))).toBe(false);
    expect(allow.permits(at('::1', 3002, '::1'))).toBe(true);
    expect(allow.permits(at('::1', 3001, '::1'))).toBe(false);
    expect(allow.permits(at('anything', 3003, '127.0.0.1'))).toBe(true);
    expect(allow.permits(at('anything', 3003, '::ffff:127.0.0.1'))).toBe(true);
    expect(allow.permits(at('anything', 3004, '127.0.0.1'))).toBe(false);
  });

  it('opens an address in any spelling the URL parser accepts, and a CIDR range', () => {
    const allow = parseOutboundAllow(' 0x7f.1 , 10.0.0.0/8,fd00::/8 ,');
    expect(allow.entries).toEqual(['0x7f.1', '10.0.0.0/8', 'fd00::/8']);
    expect(allow.permits(at('x', 80, '127.0.0.1'))).toBe(true);
    expect(allow.permits(at('x', 80, '127.0.0.2'))).toBe(false);
    expect(allow.permits(at('x', 80, '10.200.3.4'))).toBe(true);
    expect(allow.permits(at('x', 80, '::ffff:10.200.3.4'))).toBe(true);
    expect(allow.permits(at('x', 80, '11.0.0.1'))).toBe(false);
    expect(allow.permits(at('x', 80, 'fd12::9'))).toBe(true);
    expect(allow.permits(at('x', 80, 'fe80::1'))).toBe(false);
  });

  it('opens nothing when empty', () => {
    for (const value of [undefined, '', [], ' , ']) {
      expect(parseOutboundAllow(value).permits(at('localhost', 80, '127.0.0.1'))).toBe(false);
    }
  });

  it.each([
    '10.0.0.0/33',
    'fd00::/129',
    'nothing/8',
    '10.0.0.0/x',
    'host:0',
    'host:70000',
    'host:abc',
    'a b',
    'user@host',
    '*.example.com',
    'http://host/',
  ])('refuses the entry %s, naming it', (entry) => {
    expect(() => parseOutboundAllow(entry)).toThrow(OutboundAllowError);
    expect(() => parseOutboundAllow(entry)).toThrow(entry);
  });
});
