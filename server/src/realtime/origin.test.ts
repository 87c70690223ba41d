import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createOriginCheck } from './origin.js';

function handshake(headers: Record<string, string>, remoteAddress = '127.0.0.1', encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as IncomingMessage;
}

const local = { HOST: '127.0.0.1', PUBLIC_URL: undefined, TRUST_PROXY: false as const, ALLOWED_HOSTS: undefined };

describe('socket.io handshake origin', () => {
  it('accepts the page of the server itself and refuses other ports, schemes and hosts', () => {
    const allowed = createOriginCheck(local);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(allowed(handshake({ host: 'localhost:3000', origin: 'http://LOCALHOST:3000' }))).toBe(true);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: 'https://127.0.0.1:3000' }))).toBe(false);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: 'http://evil.test' }))).toBe(false);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: 'null' }))).toBe(false);
    expect(allowed(handshake({ host: '127.0.0.1:3000', origin: '' }))).toBe(false);
  });

  it('lets a client without Origin (not a browser) go on to the session check', () => {
    expect(createOriginCheck(local)(handshake({ host: '127.0.0.1:3000' }))).toBe(true);
  });

  it('refuses a rebound host name that the server does not answer to', () => {
    const allowed = createOriginCheck(local);
    expect(allowed(handshake({ host: 'rebind.evil.test:3000', origin: 'http://rebind.evil.test:3000' }))).toBe(false);
  });

  it('takes PUBLIC_URL as the only own origin when it is set', () => {
    const allowed = createOriginCheck({ ...local, HOST: '0.0.0.0', PUBLIC_URL: 'https://gate.example.com/base' });
    expect(allowed(handshake({ host: '10.0.0.5:3000', origin: 'https://gate.example.com' }))).toBe(true);
    expect(allowed(handshake({ host: '10.0.0.5:3000', origin: 'http://10.0.0.5:3000' }))).toBe(false);
    expect(allowed(handshake({ host: 'gate.example.com', origin: 'http://gate.example.com' }))).toBe(false);
  });

  it('believes X-Forwarded-Proto and -Host only from a trusted proxy', () => {
    const headers = {
      host: 'app:3000',
      origin: 'https://gate.example.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gate.example.com',
    };
    const config = {
      ...local,
      HOST: '0.0.0.0',
      ALLOWED_HOSTS: ['gate.example.com', 'app:3000'],
      TRUST_PROXY: ['10.0.0.0/8'],
    };
    const allowed = createOriginCheck(config);
    expect(allowed(handshake(headers, '10.1.2.3'))).toBe(true);
    expect(allowed(handshake(headers, '198.51.100.7'))).toBe(false);
  });
});
