/**
 * The SSRF-safe outbound HTTP client: scenarios' `fetch` in the workers, and the server's own
 * requests (callbacks, failure webhooks) through the package's exports. See README.md here.
 */
export { classifyAddress, type AddressCategory, type AddressVerdict } from './address.js';
export { parseOutboundAllow, OutboundAllowError, type Destination, type OutboundAllow } from './allow-list.js';
export { agentFor, createOutboundAgent, type OutboundOptions, type ResolveHost } from './connector.js';
export { OutboundError, type OutboundErrorKind } from './errors.js';
export { redactUrl } from './redact.js';
export { safeFetch, type SafeFetchOptions, type SafeFetchResponse } from './safe-fetch.js';
