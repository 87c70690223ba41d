import { DEFAULT_HMAC_TOLERANCE_SECONDS } from '../access/settings.js';
import type { StoredAccess } from '../store/types.js';

/**
 * An endpoint's `access` as OpenAPI security: the schemes a caller must satisfy, described so
 * they can be met, and nothing more — never a secret, a key, a username or a public key.
 */

export interface OpenApiSecurity {
  /** Schemes to add to `components.securitySchemes`, by name. */
  schemes: Record<string, Record<string, unknown>>;
  /** The operation's `security`: one requirement per way in (any one suffices). */
  requirement: Array<Record<string, string[]>>;
  /** Headers the caller sends besides the scheme's own (the HMAC timestamp). */
  headers: Array<{ name: string; description: string }>;
}

const NONE: OpenApiSecurity = { schemes: {}, requirement: [], headers: [] };

const HMAC = {
  scriptgate: {
    header: 'X-Scriptgate-Signature',
    description: (tolerance: number) =>
      'HMAC-SHA256 of the request: `X-Scriptgate-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` ' +
      `with \`X-Scriptgate-Timestamp: <unix seconds>\`, within ${tolerance} seconds of the server's clock.`,
  },
  github: {
    header: 'X-Hub-Signature-256',
    description: () => 'GitHub webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`.',
  },
  stripe: {
    header: 'Stripe-Signature',
    description: (tolerance: number) =>
      'Stripe webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, ' +
      `within ${tolerance} seconds of the server's clock.`,
  },
} as const;

export function securityOf(access: StoredAccess): OpenApiSecurity {
  switch (access.type) {
    case 'public':
      return NONE;
    case 'basic':
      return {
        schemes: { basicAuth: { type: 'http', scheme: 'basic' } },
        requirement: [{ basicAuth: [] }],
        headers: [],
      };
    case 'apiKey':
      // The access gate takes the key from either header (access/api-keys.ts `apiKeyFrom`).
      return {
        schemes: {
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key `sgk_…`.' },
          apiKeyBearer: { type: 'http', scheme: 'bearer', description: 'An API key `sgk_…` as the bearer token.' },
        },
        requirement: [{ apiKeyHeader: [] }, { apiKeyBearer: [] }],
        headers: [],
      };
    case 'hmac': {
      const preset = HMAC[access.preset];
      // Endpoints with another window get their own scheme: the description differs.
      const ownWindow = access.preset !== 'github' && access.toleranceSeconds !== DEFAULT_HMAC_TOLERANCE_SECONDS;
      const name = `hmac-${access.preset}${ownWindow ? `-${access.toleranceSeconds}s` : ''}`;
      return {
        schemes: {
          [name]: {
            type: 'apiKey',
            in: 'header',
            name: preset.header,
            description: preset.description(access.toleranceSeconds),
          },
        },
        requirement: [{ [name]: [] }],
        headers:
          access.preset === 'scriptgate'
            ? [{ name: 'X-Scriptgate-Timestamp', description: 'Unix seconds, signed with the body.' }]
            : [],
      };
    }
    case 'jwt':
      return {
        schemes: {
          jwtBearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: `A JSON Web Token signed with one of: ${access.algorithms.join(', ')}.`,
          },
        },
        requirement: [{ jwtBearer: [] }],
        headers: [],
      };
  }
}
