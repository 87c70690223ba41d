import { createHmac, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../core/config.js';
import type { Role, User } from '../contract/index.js';
import { ADMIN_COOKIE, ADMIN_COOKIE_PATH } from './admin-cookies.js';
import { AppError } from '../core/app-error.js';
import { newId, randomToken } from '../store/ids.js';
import type { Store, UserRecord } from '../store/types.js';
import { apiTokenHash, bearerToken, createTouchThrottle, isTokenUsable } from './api-tokens.js';
import { normalizeEmail } from './email.js';
import { createHashingGate } from './hashing-gate.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { createRevocations } from './revocations.js';
import { createSignInThrottle } from './sign-in-limiter.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Earlier versions scoped the session cookie to `/`; it is cleared wherever this version sets or ends one. */
const LEGACY_COOKIE_PATH = '/';

export interface Caller {
  user: User;
  /** Set when the caller came with the session cookie (CSRF applies). */
  sessionId: string | null;
  csrfToken: string | null;
  /** When the session ends (ISO); null for API tokens. */
  sessionExpiresAt: string | null;
  /** Set when the caller came with `Authorization: Bearer <admin API token>` (no CSRF). */
  apiTokenId: string | null;
}

export function publicUser(user: UserRecord): User {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

export function createAuth(deps: { store: Store; config: Config }) {
  const { store, config } = deps;
  const pepper = config.SESSION_SECRET ?? 'scriptgate-session-id';
  const ttlMs = config.SESSION_TTL_HOURS * 3600_000;
  const revocations = createRevocations();
  // Half the cores hash at most, so a sign-in flood leaves the rest to the endpoints.
  const hashSlots = Math.max(1, Math.floor(availableParallelism() / 2));
  const gate = createHashingGate({ concurrency: hashSlots, maxQueued: 16 * hashSlots });
  // Made at start, so the first unknown email costs what every other check costs.
  void dummyHash();

  /** Stored ids are HMACs of the bearer values, so a leaked database holds no usable session. */
  function sessionIdOf(token: string): string {
    return createHmac('sha256', pepper).update(token).digest('hex');
  }

  function sessionTokenOf(cookieHeader: string | undefined): string | null {
    if (!cookieHeader) return null;
    try {
      // With both the scoped cookie and a legacy `Path=/` one, browsers send the longer path first.
      return parseCookies(cookieHeader)[ADMIN_COOKIE] || null;
    } catch {
      return null;
    }
  }

  async function callerFromCookieHeader(cookieHeader: string | undefined): Promise<Caller | null> {
    const token = sessionTokenOf(cookieHeader);
    if (!token) return null;
    const session = await store.getSession(sessionIdOf(token));
    if (!session || Date.parse(session.expiresAt) <= Date.now()) return null;
    const user = await store.getUser(session.userId);
    if (!user || user.disabled) return null;
    return {
      user: publicUser(user),
      sessionId: session.id,
      csrfToken: session.csrfToken,
      sessionExpiresAt: session.expiresAt,
      apiTokenId: null,
    };
  }

  const touchToken = createTouchThrottle(store);

  /** The token is found by its sha256: nothing compares secrets, so there is no timing to measure. */
  async function callerFromApiToken(token: string): Promise<Caller> {
    const record = token ? await store.getApiTokenByHash(apiTokenHash(token)) : null;
    const now = Date.now();
    if (!record || !isTokenUsable(record, now)) throw tokenRefused('Unknown, revoked or expired API token');
    const user = await store.getUser(record.userId);
    if (!user || user.disabled) throw tokenRefused('The user of this API token is disabled');
    touchToken(record, now);
    return { user: publicUser(user), sessionId: null, csrfToken: null, sessionExpiresAt: null, apiTokenId: record.id };
  }

  function cookieOptions(req: Request) {
    const secure = config.SECURE_COOKIES === 'auto' ? req.secure : config.SECURE_COOKIES === 'true';
    return { httpOnly: true, sameSite: 'lax' as const, secure };
  }

  /** Scoped to the admin API: the browser never sends it to `/api/webrequest/*`, where scenarios run. */
  function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number) {
    res.cookie(ADMIN_COOKIE, token, { ...cookieOptions(req), path: ADMIN_COOKIE_PATH, maxAge: maxAgeMs });
    res.clearCookie(ADMIN_COOKIE, { ...cookieOptions(req), path: LEGACY_COOKIE_PATH });
  }

  async function startSession(req: Request, res: Response, user: UserRecord) {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const now = Date.now();
    await store.createSession({
      id: sessionIdOf(token),
      userId: user.id,
      csrfToken,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlMs).toISOString(),
    });
    setSessionCookie(req, res, token, ttlMs);
    return { user: publicUser(user), csrfToken };
  }

  return {
    sessionIdOf,
    callerFromCookieHeader,
    revocations,
    signInThrottle: createSignInThrottle(config),

    /** Hashes a password an admin set (new user, reset); waits its turn behind sign-ins. */
    hashPassword: (password: string) => gate.run(() => hashPassword(password), false),

    /**
     * Checks the credentials and starts a session. `email` is already normalised. Unknown
     * emails are checked against a hash of the same cost, so time does not tell them apart;
     * a hash of an older format is replaced by today's after a successful check.
     */
    async signIn(req: Request, res: Response, email: string, password: string) {
      const user = await store.getUserByEmail(email);
      const stored = user?.passwordHash ?? (await dummyHash());
      const ok = await gate.run(() => verifyPassword(password, stored), true);
      if (!user || !ok || user.disabled) throw new AppError('unauthorized', 'Wrong email or password');
      if (needsRehash(user.passwordHash)) {
        await store.updateUser(user.id, { passwordHash: await gate.run(() => hashPassword(password), false) });
      }
      return startSession(req, res, user);
    },

    /**
     * A signed-in user's own password change. The current password is checked like a sign-in
     * (same hashing gate); then every session of the user ends — a thief's too — and this
     * browser alone gets a fresh session (new id and CSRF token: OWASP renews the session on a
     * credential change), so the user who changed it stays signed in here.
     */
    async changePassword(
      req: Request,
      res: Response,
      caller: Caller,
      passwords: { currentPassword: string; newPassword: string },
    ) {
      const user = await store.getUser(caller.user.id);
      const ok = await gate.run(() => verifyPassword(passwords.currentPassword, user?.passwordHash ?? ''), true);
      if (!user || !ok || user.disabled) throw new AppError('unauthorized', 'The current password is wrong');
      const passwordHash = await gate.run(() => hashPassword(passwords.newPassword), false);
      const updated = await store.updateUser(user.id, { passwordHash });
      if (!updated) throw new AppError('unauthorized', 'Sign in first');
      await store.deleteUserSessions(user.id);
      // This browser's own socket stays: its page would otherwise ask with the old cookie and
      // sign itself out before the answer with the new one arrives.
      revocations.publish({
        kind: 'user',
        userId: user.id,
        reason: 'password_reset',
        ...(caller.sessionId ? { exceptSessionId: caller.sessionId } : {}),
      });
      return startSession(req, res, updated);
    },

    /**
     * Re-sets the session cookie with today's scope (same token, same end) and clears a
     * `Path=/` one left by an earlier version, so a browser signed in before the upgrade
     * stops sending its session to scenarios on its next page load.
     */
    rescopeCookie(req: Request, res: Response, caller: Caller) {
      const token = sessionTokenOf(req.headers.cookie);
      if (!token || !caller.sessionExpiresAt) return;
      const remainingMs = Date.parse(caller.sessionExpiresAt) - Date.now();
      if (remainingMs > 0) setSessionCookie(req, res, token, remainingMs);
    },

    async signOut(req: Request, res: Response, caller: Caller) {
      if (caller.sessionId) {
        await store.deleteSession(caller.sessionId);
        revocations.publish({ kind: 'session', sessionId: caller.sessionId });
      }
      res.clearCookie(ADMIN_COOKIE, { ...cookieOptions(req), path: ADMIN_COOKIE_PATH });
      res.clearCookie(ADMIN_COOKIE, { ...cookieOptions(req), path: LEGACY_COOKIE_PATH });
    },

    /**
     * Resolves the caller from an admin API token or the session cookie; checks CSRF on
     * state-changing cookie calls. A browser never adds an Authorization header by itself
     * (and this API allows no cross-origin calls), so a Bearer call cannot be forged by
     * another site: CSRF does not apply to it.
     */
    requireUser: (async (req: Request, res: Response, next: NextFunction) => {
      const token = bearerToken(req.get('authorization'));
      if (token !== null) {
        res.locals.caller = await callerFromApiToken(token);
        next();
        return;
      }
      const caller = await callerFromCookieHeader(req.headers.cookie);
      if (!caller) throw new AppError('unauthorized', 'Sign in first');
      if (UNSAFE_METHODS.has(req.method)) {
        const given = Buffer.from(req.get('x-csrf-token') ?? '');
        const expected = Buffer.from(caller.csrfToken ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header');
        }
      }
      res.locals.caller = caller;
      next();
    }) as RequestHandler,
  };
}

export type Auth = ReturnType<typeof createAuth>;

/** RFC 6750: a refused Bearer credential is answered with a challenge naming the scheme. */
function tokenRefused(message: string): AppError {
  return new AppError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}

/** Least to most: each role may do what the ones before it may. */
const ROLE_RANK: readonly Role[] = ['viewer', 'editor', 'admin'];

/**
 * The `403 forbidden` of a role check. It names the least role that would do and the caller's
 * own, in the message and as `details`, so the admin can say in the user's language whom to ask.
 */
export function roleDenied(roles: readonly Role[], role: Role): AppError {
  const requiredRole = ROLE_RANK.find((candidate) => roles.includes(candidate)) ?? 'admin';
  return new AppError('forbidden', `This needs the ${requiredRole} role (you are ${article(role)} ${role})`, {
    details: { details: { requiredRole, role } },
  });
}

const article = (role: Role) => (role === 'viewer' ? 'a' : 'an');

/** Role gate: admin ⊃ editor ⊃ viewer. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (!roles.includes(caller.user.role)) throw roleDenied(roles, caller.user.role);
    next();
  };
}

/** Creates the first admin when there are no users; returns the generated password, if any. */
export async function ensureFirstAdmin(
  store: Store,
  config: Config,
): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await store.countUsers()) > 0) return null;
  const generatedPassword = config.ADMIN_PASSWORD ? null : randomToken(12);
  const password = config.ADMIN_PASSWORD ?? generatedPassword!;
  const email = normalizeEmail(config.ADMIN_EMAIL);
  await store.createUser({
    id: newId(),
    email,
    name: 'Administrator',
    role: 'admin',
    disabled: false,
    createdAt: new Date().toISOString(),
    passwordHash: await hashPassword(password),
  });
  return { email, generatedPassword };
}
