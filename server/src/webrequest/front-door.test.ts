import { describe, expect, it } from 'vitest';
import { publicRouteOf } from './front-door.js';

describe('the front door of the public route', () => {
  it('takes plain calls, with their subpath decoded segment by segment', () => {
    expect(publicRouteOf('/api/webrequest/contact-form')).toEqual({ slug: 'contact-form', rest: [] });
    expect(publicRouteOf('/api/webrequest/orders?async=true&x=%2F')).toEqual({ slug: 'orders', rest: [] });
    expect(publicRouteOf('/api/webrequest/orders/42/items%2Fall?x=1')).toEqual({
      slug: 'orders',
      rest: ['42', 'items/all'],
    });
    expect(publicRouteOf('/api/webrequest/a_b/%C3%A9t%C3%A9')).toEqual({ slug: 'a_b', rest: ['été'] });
  });

  it('leaves every other URL to the app, which answers it as before', () => {
    for (const url of [
      '/api/webrequest/openapi.json', // the OpenAPI document
      '/api/webrequest/',
      '/api/webrequest/Orders', // the router matches any casing of the slug: it decides
      '/API/webrequest/orders',
      '/api/webrequest/orders/', // an empty segment
      '/api/webrequest/orders//x',
      '/api/webrequest/orders/%E0%A4%A', // cannot be decoded: the router's 400
      '/api/webrequest/orders#x',
      '/api/webrequest/../admin/session',
      '/api/webrequest/%6Frders',
      '/api/status/abc',
      '/healthz',
    ]) {
      expect(publicRouteOf(url), url).toBeNull();
    }
  });
});
