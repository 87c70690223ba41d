import type { CorsSettings } from '@contract';
import type { EndpointFormValues } from './form-model';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The origin a user means by the address they typed: "www.example.com" or
 * "https://www.example.com/contact" → "https://www.example.com". Null when it is not the address
 * of a web site (another scheme, a bare word that is not a host name).
 */
export function siteOriginOf(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname;
  if (host !== 'localhost' && !host.includes('.') && !host.startsWith('[')) return null;
  return url.origin;
}

/** The form's allowed origins with the site's origin among them (once). */
export function withSiteOrigin(values: EndpointFormValues, origin: string): EndpointFormValues {
  const listed = values.corsOrigins
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (listed.includes(origin)) return values;
  return { ...values, corsOrigins: [...listed, origin].join('\n') };
}

/** The CORS settings to create the endpoint with: the site's origin added to what the form lists. */
export function corsWithSiteOrigin<T extends Pick<CorsSettings, 'origins'>>(cors: T, origin: string): T {
  return cors.origins.includes(origin) ? cors : { ...cors, origins: [...cors.origins, origin] };
}
