import type { Endpoint } from './endpoint-settings.js';

/**
 * An endpoint's HMAC or JWT secret is kept sealed with the installation's secrets key, bound to
 * this purpose (the AAD), so a sealed value copied onto another endpoint or use does not open.
 * One definition for the access gate that opens it and the backup that moves it.
 */
export const accessSecretPurpose = (endpointId: string) => `endpoint:${endpointId}:access`;

/** The purpose an endpoint's callback secret is sealed for. */
export const callbackSecretPurpose = (endpointId: string) => `endpoint:${endpointId}:callback`;

/**
 * The endpoint with its access secret passed through `convert` (open it for a backup, seal it on
 * restore); an endpoint without one is returned as it is.
 */
function withAccessSecret(endpoint: Endpoint, convert: (purpose: string, value: string) => string): Endpoint {
  const { access } = endpoint;
  if ((access.type !== 'hmac' && access.type !== 'jwt') || access.sealedSecret == null) return endpoint;
  const sealedSecret = convert(accessSecretPurpose(endpoint.id), access.sealedSecret);
  return { ...endpoint, access: { ...access, sealedSecret } };
}

/**
 * The endpoint with every sealed secret it holds (the access secret, the callback secret)
 * passed through `convert`, each with its own purpose: what a backup opens and a restore seals.
 */
export function withEndpointSecrets(endpoint: Endpoint, convert: (purpose: string, value: string) => string): Endpoint {
  const converted = withAccessSecret(endpoint, convert);
  if (converted.sealedCallbackSecret == null) return converted;
  return {
    ...converted,
    sealedCallbackSecret: convert(callbackSecretPurpose(endpoint.id), converted.sealedCallbackSecret),
  };
}
