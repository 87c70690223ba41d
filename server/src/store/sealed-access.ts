import type { Endpoint } from './endpoint-settings.js';

/**
 * An endpoint's HMAC or JWT secret is kept sealed with the installation's secrets key, bound to
 * this purpose (the AAD), so a sealed value copied onto another endpoint or use does not open.
 * One definition for the access gate that opens it and the backup that moves it.
 */
export const accessSecretPurpose = (endpointId: string) => `endpoint:${endpointId}:access`;

/**
 * The endpoint with its access secret passed through `convert` (open it for a backup, seal it on
 * restore); an endpoint without one is returned as it is.
 */
export function withAccessSecret(endpoint: Endpoint, convert: (purpose: string, value: string) => string): Endpoint {
  const { access } = endpoint;
  if ((access.type !== 'hmac' && access.type !== 'jwt') || access.sealedSecret == null) return endpoint;
  const sealedSecret = convert(accessSecretPurpose(endpoint.id), access.sealedSecret);
  return { ...endpoint, access: { ...access, sealedSecret } };
}
