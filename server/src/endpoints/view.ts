import { accessView } from '../access/settings.js';
import type { Endpoint as EndpointView, Role } from '../contract/index.js';
import type { Endpoint } from '../store/types.js';

/**
 * An endpoint as the admin API shows it: write-only access values only as `passwordSet`/
 * `secretSet`; the callback secret in clear for admins and editors (they configure receivers
 * with it), never for viewers.
 */
export function endpointView(
  endpoint: Endpoint,
  options: { role: Role; openCallbackSecret(endpoint: Endpoint): string | null },
): EndpointView {
  const { sealedCallbackSecret: _sealed, ...rest } = endpoint;
  return {
    ...rest,
    access: accessView(endpoint.access),
    // Endpoints saved before these settings existed do not have them.
    requestSchema: endpoint.requestSchema ?? null,
    documented: endpoint.documented ?? false,
    callbackSecret: options.role === 'viewer' ? null : options.openCallbackSecret(endpoint),
  };
}
