import { createHmac, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../config.js';
import type { Role, User } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { newId, randomToken } from '../store/ids.js';
import type { Store, UserRecord } from '../store/types.js';
import { ADMIN_COOKIE } from '../webrequest/respond.js';
import { apiTokenHash, bearerToken, createTouchThrottle, isTokenUsable } from './api-tokens.js';

export const BCRYPT_ROUNDS = 11;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Caller {
  user: User;
  /** Set when the caller came with the session cookie (CSRF applies). */
  sessionId: string | null;
  csrfToken: string | null;
  /** Set when the caller came with `Authorization: Bearer <admin API token>` (no CSRF). */
  apiTokenId: string | null;
}

export function publicUser(user: UserRecord): User {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 4);

export function createAuth(deps: { store: Store; config: Config }) {
  const { store, config } = deps;
  const pepper = config.SESSION_SECRET ?? 'scriptgate-session-id';
  const ttlMs = config.SESSION_TTL_HOURS * 3600_000;

  /** Stored ids are HMACs of the bearer values, so a leaked database holds no usable session. */
  function sessionIdOf(token: string): string {
    return createHmac('sha256', pepper).update(token).digest('hex');
  }

  async function callerFromCookieHeader(cookieHeader: string | undefined): Promise<Caller | null> {
    if (!cookieHeader) return null;
    let token: string | undefined;
    try {
      token = parseCookies(cookieHeader)[ADMIN_COOKIE];
    } catch {
      return null;
    }
    if (!token) return null;
    const session = await store.getSession(sessionIdOf(token));
    if (!session || Date.parse(session.expiresAt) <= Date.now()) return null;
    const user = await store.getUser(session.userId);
    if (!user || user.disabled) return null;
    return { user: publicUser(user), sessionId: session.id, csrfToken: session.csrfToken, apiTokenId: null };
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
    return { user: publicUser(user), sessionId: null, csrfToken: null, apiTokenId: record.id };
  }

  function secureCookie(req: Request): boolean {
    if (config.SECURE_COOKIES === 'true') return true;
    if (config.SECURE_COOKIES === 'false') return false;
    return req.secure;
  }

  return {
    sessionIdOf,
    callerFromCookieHeader,

    async signIn(req: Request, res: Response, email: string, password: string) {
      const user = await store.getUserByEmail(email.trim().toLowerCase());
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) throw new AppError('unauthorized', 'Wrong email or password');
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
      res.cookie(ADMIN_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie(req),
        path: '/',
        maxAge: ttlMs,
      });
      return { user: publicUser(user), csrfToken };
    },

    async signOut(res: Response, caller: Caller) {
      if (caller.sessionId) await store.deleteSession(caller.sessionId);
      res.clearCookie(ADMIN_COOKIE, { path: '/' });
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

/** Role gate: admin ⊃ editor ⊃ viewer. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (!roles.includes(caller.user.role)) {
      throw new AppError('forbidden', `This needs the ${roles.join(' or ')} role`);
    }
    next();
  };
}

/** Creates the first admin when there are no users; returns the generated password, if any. */
export async function ensureFirstAdmin(store: Store, config: Config): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await store.countUsers()) > 0) return null;
  const generatedPassword = config.ADMIN_PASSWORD ? null : randomToken(12);
  const password = config.ADMIN_PASSWORD ?? generatedPassword!;
  const email = config.ADMIN_EMAIL.toLowerCase();
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
