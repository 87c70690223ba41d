import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import { newId } from '../store/ids.js';
import type { Audit } from '../audit/audit.js';
import type { Store } from '../store/types.js';
import { callerOf, publicUser, requireRole, type Auth } from './auth.js';
import { emailField } from './email.js';
import { newPasswordField } from './password-policy.js';

const role = z.enum(['admin', 'editor', 'viewer']);
const password = newPasswordField;
const createUserSchema = z
  .object({ email: emailField, name: z.string().trim().max(200).default(''), role, password })
  .strict();
const patchUserSchema = z
  .object({ name: z.string().trim().max(200), role, disabled: z.boolean(), password })
  .partial()
  .strict();

/** Users: admin role only. */
export function createUserRoutes(deps: { store: Store; auth: Auth; audit: Audit }): Router {
  const { store, auth } = deps;
  const router = Router();
  const admins = requireRole('admin');

  router.get('/users', admins, async (_req, res) => {
    res.json({ items: (await store.listUsers()).map(publicUser) });
  });

  router.post('/users', admins, async (req, res) => {
    const input = parseWith(createUserSchema, req.body);
    const email = input.email;
    if (await store.getUserByEmail(email)) {
      throw new AppError('conflict', 'A user with this email exists', {
        details: { fields: { email: 'already used' } },
      });
    }
    const user = await store.createUser({
      id: newId(),
      email,
      name: input.name || email,
      role: input.role,
      disabled: false,
      createdAt: new Date().toISOString(),
      passwordHash: await auth.hashPassword(input.password),
    });
    await deps.audit.record(
      req,
      res,
      'user.create',
      { type: 'user', id: user.id, name: user.email },
      { role: user.role },
    );
    res.status(201).json(publicUser(user));
  });

  router.patch('/users/:id', admins, async (req, res) => {
    const input = parseWith(patchUserSchema, req.body);
    const userId = String(req.params.id);
    const self = callerOf(res).user.id === userId;
    if (self && (input.disabled === true || (input.role && input.role !== 'admin'))) {
      throw new AppError('conflict', 'You cannot disable yourself or remove your own admin role');
    }
    const before = await store.getUser(userId);
    if (!before) throw new AppError('not_found', 'No such user');
    const { password: newPassword, ...rest } = input;
    const patch = newPassword ? { ...rest, passwordHash: await auth.hashPassword(newPassword) } : rest;
    const user = await store.updateUser(userId, patch);
    if (!user) throw new AppError('not_found', 'No such user');
    if (input.disabled || newPassword) await store.deleteUserSessions(user.id);
    // Open live connections were authorised for the user as they were: close them.
    const reason =
      input.disabled && !before.disabled
        ? 'disabled'
        : newPassword
          ? 'password_reset'
          : user.role !== before.role
            ? 'role_changed'
            : null;
    if (reason) auth.revocations.publish({ kind: 'user', userId: user.id, reason });
    await deps.audit.record(
      req,
      res,
      'user.update',
      { type: 'user', id: user.id, name: user.email },
      {
        // Which fields changed; a new password is named, never shown.
        fields: Object.keys(input),
        ...(input.role ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      },
    );
    res.json(publicUser(user));
  });

  return router;
}
