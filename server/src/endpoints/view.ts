import { accessView } from '../access/settings.js';
import type { Endpoint as EndpointView } from '../contract/index.js';
import type { Endpoint } from '../store/types.js';

/** An endpoint as the admin API shows it: write-only access values only as `passwordSet`/`secretSet`. */
export function endpointView(endpoint: Endpoint): EndpointView {
  return { ...endpoint, access: accessView(endpoint.access) };
}
