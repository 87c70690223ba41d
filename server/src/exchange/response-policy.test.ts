import { describe, expect, it } from 'vitest';
import { isForbiddenSetCookie, stripAdminCookies } from '../admin/admin-cookies.js';
import { immediateHeaders, scenarioHeaders } from './response-policy.js';

describe('response policy of the public route', () => {
  it('refuses every Set-Cookie that sets, shadows or could be sent back as the admin cookie', () => {
    for (const value of [
      'sg_session=x',
      'SG_SESSION=x',
      ' sg_session =x',
      '=sg_session=x',
      'sg_session',
      '=x',
      '__Host-sg_session=x; Path=/; Secure',
      '__secure-sgx=1',
    ]) {
      expect(isForbiddenSetCookie(value), value).toBe(true);
    }
    for (const value of ['theme=dark; Path=/', 'session=abc; HttpOnly', 'sg=1', 'my_sg_session=1']) {
      expect(isForbiddenSetCookie(value), value).toBe(false);
    }
  });

  it('strips the admin cookies from a Cookie header and keeps the others in order', () => {
    expect(stripAdminCookies('a=1; sg_session=s; SG_Session=t; __Host-sg_session=u; b=2')).toBe('a=1; b=2');
    expect(stripAdminCookies('sg_session=s')).toBeNull();
    expect(stripAdminCookies('sg_session')).toBeNull();
  });

  it('drops hop-by-hop, platform and origin-wide headers and values Node would refuse', () => {
    const kept = scenarioHeaders([
      ['Connection', 'close'],
      ['Content-Length', '1'],
      ['X-Process-Id', 'forged'],
      ['Clear-Site-Data', '"*"'],
      ['Strict-Transport-Security', 'max-age=1'],
      ['Service-Worker-Allowed', '/'],
      ['X-Ctl', 'a\u0001b'],
      ['X-Wide', 'caf\u00e9 \u4e2d'],
      ['Bad Name', 'x'],
      ['X-Ok', 'caf\u00e9'],
      ['Set-Cookie', 'theme=dark'],
      ['Set-Cookie', '=sg_session=x'],
    ]);
    expect(kept).toEqual([
      ['X-Ok', 'caf\u00e9'],
      ['Set-Cookie', 'theme=dark'],
    ]);
  });

  it('lets the immediate async answer carry only caching hints and x- headers', () => {
    expect(
      immediateHeaders({
        'X-Accepted': '1',
        'Cache-Control': 'no-store',
        'Content-Type': 'text/html',
        'Set-Cookie': 'a=1',
        Location: '/x',
        'X-Process-Id': 'f',
      }),
    ).toEqual([
      ['X-Accepted', '1'],
      ['Cache-Control', 'no-store'],
    ]);
  });
});
