import { describe, expect, it } from 'vitest';
import { emptyEndpointValues } from './form-model';
import { corsWithSiteOrigin, siteOriginOf, withSiteOrigin } from './site-origin';

describe('the site’s origin a template asks for', () => {
  it('takes the origin of what the user typed, with https:// when no scheme is given', () => {
    expect(siteOriginOf('https://www.example.com')).toBe('https://www.example.com');
    expect(siteOriginOf(' www.example.com ')).toBe('https://www.example.com');
    expect(siteOriginOf('https://www.example.com/contact?x=1')).toBe('https://www.example.com');
    expect(siteOriginOf('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(siteOriginOf('HTTPS://Shop.Example.COM')).toBe('https://shop.example.com');
  });

  it('refuses what is not the address of a web site', () => {
    expect(siteOriginOf('')).toBeNull();
    expect(siteOriginOf('my site')).toBeNull();
    expect(siteOriginOf('example')).toBeNull();
    expect(siteOriginOf('ftp://files.example.com')).toBeNull();
    expect(siteOriginOf('javascript:alert(1)')).toBeNull();
  });

  it('adds it to the allowed origins once, keeping those already listed', () => {
    const values = { ...emptyEndpointValues(), corsOrigins: 'https://a.example' };
    const added = withSiteOrigin(values, 'https://www.example.com');
    expect(added.corsOrigins).toBe('https://a.example\nhttps://www.example.com');
    expect(withSiteOrigin(added, 'https://www.example.com')).toBe(added);
    const cors = { origins: ['https://a.example'], credentials: false };
    expect(corsWithSiteOrigin(cors, 'https://www.example.com').origins).toEqual([
      'https://a.example',
      'https://www.example.com',
    ]);
    expect(corsWithSiteOrigin(cors, 'https://a.example')).toBe(cors);
  });
});
