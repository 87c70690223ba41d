import {
  JWT_ALGORITHMS,
  type AccessInput,
  type AccessSettings,
  type AccessType,
  type HmacPreset,
  type JwtAlgorithm,
  type RateLimitSettings,
} from '@contract';
import type { SnippetAuth } from '../../../lib/snippets';

/**
 * The Access section of the endpoint form: who may call (`access`), from where (`ipAllowlist`)
 * and how often (`rateLimit`). Write-only values (the Basic password, the HMAC or JWT secret)
 * start empty: empty means "keep the one the server holds", and the `…Set` flags say whether
 * there is one. They are never sent back.
 */
export interface AccessFormValues {
  accessType: AccessType;
  basicUsername: string;
  basicPassword: string;
  basicPasswordSet: boolean;
  hmacPreset: HmacPreset;
  hmacTolerance: string;
  hmacSecret: string;
  hmacSecretSet: boolean;
  jwtAlgorithms: JwtAlgorithm[];
  /** Where the verification key comes from; decides which algorithms may be chosen. */
  jwtKeySource: JwtKeySource;
  jwtSecret: string;
  jwtSecretSet: boolean;
  jwtPublicKey: string;
  jwtJwksUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtClockSkew: string;
  /** One address or CIDR per line. */
  ipAllowlist: string;
  rateLimitOn: boolean;
  rateRequests: string;
  rateWindowSeconds: string;
  rateBy: RateLimitSettings['by'];
  rateWindow: RateLimitSettings['window'];
}

export type AccessField = keyof AccessFormValues;
export type JwtKeySource = 'secret' | 'publicKey' | 'jwksUrl';
type Translate = (key: string, params?: Record<string, unknown>) => string;

export const DEFAULT_HMAC_TOLERANCE = 300;
export const DEFAULT_JWT_SKEW = 30;

/** HS* share a secret; the others verify with a public key. One endpoint uses one family, never both. */
export const isHmacAlgorithm = (algorithm: JwtAlgorithm) => algorithm.startsWith('HS');
export function algorithmsFor(source: JwtKeySource): JwtAlgorithm[] {
  return JWT_ALGORITHMS.filter((algorithm) => isHmacAlgorithm(algorithm) === (source === 'secret'));
}

export function emptyAccessValues(): AccessFormValues {
  return {
    accessType: 'public',
    basicUsername: '',
    basicPassword: '',
    basicPasswordSet: false,
    hmacPreset: 'scriptgate',
    hmacTolerance: String(DEFAULT_HMAC_TOLERANCE),
    hmacSecret: '',
    hmacSecretSet: false,
    jwtAlgorithms: ['HS256'],
    jwtKeySource: 'secret',
    jwtSecret: '',
    jwtSecretSet: false,
    jwtPublicKey: '',
    jwtJwksUrl: '',
    jwtIssuer: '',
    jwtAudience: '',
    jwtClockSkew: String(DEFAULT_JWT_SKEW),
    ipAllowlist: '',
    rateLimitOn: false,
    rateRequests: '60',
    rateWindowSeconds: '60',
    rateBy: 'ip',
    rateWindow: 'sliding',
  };
}

function jwtKeySource(access: Extract<AccessSettings, { type: 'jwt' }>): JwtKeySource {
  if (access.jwksUrl) return 'jwksUrl';
  if (access.publicKey) return 'publicKey';
  return access.algorithms.some((algorithm) => !isHmacAlgorithm(algorithm)) ? 'publicKey' : 'secret';
}

export function accessValuesFrom(
  access: AccessSettings,
  ipAllowlist: readonly string[],
  rateLimit: RateLimitSettings | null,
): AccessFormValues {
  const values: AccessFormValues = {
    ...emptyAccessValues(),
    accessType: access.type,
    ipAllowlist: ipAllowlist.join('\n'),
  };
  if (rateLimit) {
    Object.assign(values, {
      rateLimitOn: true,
      rateRequests: String(rateLimit.requests),
      rateWindowSeconds: String(rateLimit.windowSeconds),
      rateBy: rateLimit.by,
      rateWindow: rateLimit.window,
    });
  }
  switch (access.type) {
    case 'basic':
      return { ...values, basicUsername: access.username, basicPasswordSet: access.passwordSet };
    case 'hmac':
      return {
        ...values,
        hmacPreset: access.preset,
        hmacTolerance: String(access.toleranceSeconds),
        hmacSecretSet: access.secretSet,
      };
    case 'jwt':
      return {
        ...values,
        jwtAlgorithms: [...access.algorithms],
        jwtKeySource: jwtKeySource(access),
        jwtSecretSet: access.secretSet,
        jwtPublicKey: access.publicKey ?? '',
        jwtJwksUrl: access.jwksUrl ?? '',
        jwtIssuer: access.issuer ?? '',
        jwtAudience: access.audience ?? '',
        jwtClockSkew: String(access.clockSkewSeconds),
      };
    default:
      return values;
  }
}

/** Moves the JWT form to another key source, keeping the chosen algorithms that still fit. */
export function switchJwtKeySource(values: AccessFormValues, source: JwtKeySource): Partial<AccessFormValues> {
  const fitting = values.jwtAlgorithms.filter((algorithm) => algorithmsFor(source).includes(algorithm));
  return { jwtKeySource: source, jwtAlgorithms: fitting.length > 0 ? fitting : [algorithmsFor(source)[0]!] };
}

const orNull = (text: string) => text.trim() || null;
/** A write-only value goes out only when typed: left out, the server keeps the one it has. */
const typed = <K extends string>(key: K, text: string) => (text ? ({ [key]: text } as Record<K, string>) : {});

export function accessInput(values: AccessFormValues): AccessInput {
  switch (values.accessType) {
    case 'public':
    case 'apiKey':
      return { type: values.accessType };
    case 'basic':
      return { type: 'basic', username: values.basicUsername.trim(), ...typed('password', values.basicPassword) };
    case 'hmac':
      return {
        type: 'hmac',
        preset: values.hmacPreset,
        toleranceSeconds: Number(values.hmacTolerance),
        ...typed('secret', values.hmacSecret),
      };
    case 'jwt': {
      const source = values.jwtKeySource;
      return {
        type: 'jwt',
        algorithms: JWT_ALGORITHMS.filter(
          (algorithm) => values.jwtAlgorithms.includes(algorithm) && algorithmsFor(source).includes(algorithm),
        ),
        ...(source === 'secret' ? typed('secret', values.jwtSecret) : {}),
        publicKey: source === 'publicKey' ? orNull(values.jwtPublicKey) : null,
        jwksUrl: source === 'jwksUrl' ? orNull(values.jwtJwksUrl) : null,
        issuer: orNull(values.jwtIssuer),
        audience: orNull(values.jwtAudience),
        clockSkewSeconds: Number(values.jwtClockSkew),
      };
    }
  }
}

/** Items of a list typed one per line (commas also separate). */
export const splitList = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);

export function rateLimitInput(values: AccessFormValues): RateLimitSettings | null {
  if (!values.rateLimitOn) return null;
  return {
    requests: Number(values.rateRequests),
    windowSeconds: Number(values.rateWindowSeconds),
    by: values.rateBy,
    window: values.rateWindow,
  };
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:]*(:\d{1,3}(\.\d{1,3}){3})?$/i;

/**
 * A loose look at one allowlist line (an address, or an address/prefix): it catches typos such as
 * a host name or a prefix past /32; the server parses the addresses and decides.
 */
export function looksLikeAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const v4 = IPV4.test(address) && address.split('.').every((part) => Number(part) <= 255);
  const v6 = !v4 && IPV6.test(address) && address.length >= 2;
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

const wholeNumber = (text: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The checks the browser can make before the server (which checks again and decides). */
export function validateAccess(values: AccessFormValues, t: Translate): Partial<Record<AccessField, string>> {
  const errors: Partial<Record<AccessField, string>> = {};
  const required = t('endpointForm.errors.required');
  switch (values.accessType) {
    case 'basic':
      if (!values.basicUsername.trim()) errors.basicUsername = required;
      else if (values.basicUsername.includes(':')) errors.basicUsername = t('access.errors.username');
      if (!values.basicPassword && !values.basicPasswordSet) errors.basicPassword = required;
      break;
    case 'hmac':
      if (!values.hmacSecret && !values.hmacSecretSet) errors.hmacSecret = required;
      if (values.hmacPreset !== 'github' && !wholeNumber(values.hmacTolerance, 1, 86_400))
        errors.hmacTolerance = t('access.errors.tolerance');
      break;
    case 'jwt':
      if (values.jwtAlgorithms.length === 0) errors.jwtAlgorithms = t('access.errors.algorithms');
      if (values.jwtKeySource === 'secret' && !values.jwtSecret && !values.jwtSecretSet) errors.jwtSecret = required;
      if (values.jwtKeySource === 'publicKey' && !/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(values.jwtPublicKey))
        errors.jwtPublicKey = t('access.errors.pem');
      if (values.jwtKeySource === 'jwksUrl' && !isHttpUrl(values.jwtJwksUrl.trim()))
        errors.jwtJwksUrl = t('endpointForm.errors.url');
      if (!wholeNumber(values.jwtClockSkew, 0, 3600)) errors.jwtClockSkew = t('access.errors.skew');
      break;
    default:
      break;
  }
  const badAddress = splitList(values.ipAllowlist).find((entry) => !looksLikeAddressOrCidr(entry));
  if (badAddress) errors.ipAllowlist = t('access.errors.address', { entry: badAddress });
  if (values.rateLimitOn) {
    if (!wholeNumber(values.rateRequests, 1)) errors.rateRequests = t('access.errors.positive');
    if (!wholeNumber(values.rateWindowSeconds, 1)) errors.rateWindowSeconds = t('access.errors.positive');
  }
  return errors;
}

/** The form field a server error path under `access`, `ipAllowlist` or `rateLimit` belongs to. */
export function accessFieldOf(path: string, accessType: AccessType): AccessField | null {
  const [head, key] = path.split('.');
  if (head === 'ipAllowlist') return 'ipAllowlist';
  if (head === 'rateLimit') {
    const fields: Record<string, AccessField> = {
      requests: 'rateRequests',
      windowSeconds: 'rateWindowSeconds',
      by: 'rateBy',
      window: 'rateWindow',
    };
    return fields[key ?? ''] ?? 'rateRequests';
  }
  if (head !== 'access') return null;
  const fields: Record<string, AccessField> = {
    type: 'accessType',
    username: 'basicUsername',
    password: 'basicPassword',
    preset: 'hmacPreset',
    toleranceSeconds: 'hmacTolerance',
    secret: accessType === 'jwt' ? 'jwtSecret' : 'hmacSecret',
    algorithms: 'jwtAlgorithms',
    publicKey: 'jwtPublicKey',
    jwksUrl: 'jwtJwksUrl',
    issuer: 'jwtIssuer',
    audience: 'jwtAudience',
    clockSkewSeconds: 'jwtClockSkew',
  };
  return fields[key ?? ''] ?? 'accessType';
}

/** Focus order of the Access section's fields. */
export const ACCESS_FIELD_ORDER: readonly AccessField[] = [
  'basicUsername',
  'basicPassword',
  'hmacTolerance',
  'hmacSecret',
  'jwtSecret',
  'jwtPublicKey',
  'jwtJwksUrl',
  'jwtClockSkew',
  'ipAllowlist',
  'rateRequests',
  'rateWindowSeconds',
];

/** What a call snippet must send for the access being edited (secrets stay placeholders). */
export function snippetAuth(values: AccessFormValues): SnippetAuth {
  switch (values.accessType) {
    case 'basic':
      return { type: 'basic', username: values.basicUsername.trim() || 'user' };
    case 'hmac':
      return { type: 'hmac', preset: values.hmacPreset };
    default:
      return { type: values.accessType };
  }
}

/** A random HMAC secret: 32 bytes as hex, safe to paste in any sender's settings or a shell. */
export function generateSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
