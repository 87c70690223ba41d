import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { parseWith } from '../endpoints/schema.js';
import type { SecretsCache } from '../processes/secrets.js';
import { newId } from '../store/ids.js';
import type { Store } from '../store/types.js';
import { callerOf, hashPassword, publicUser, requireRole } from './auth.js';

const role = z.enum(['admin', 'editor', 'viewer']);
const password = z.string().min(8, 'at least 8 characters').max(200);
const createUserSchema = z
  .object({ email: z.string().email().max(320), name: z.string().trim().max(200).default(''), role, password })
  .strict();
const patchUserSchema = z
  .object({ name: z.string().trim().max(200), role, disabled: z.boolean(), password })
  .partial()
  .strict();
const secretName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const secretSchema = z.object({ value: z.string().min(1).max(64 * 1024) }).strict();

/** Users and secrets: admin role only. */
export function createUserRoutes(deps: { store: Store; secrets: SecretsCache }): Router {
  const { store } = deps;
  const router = Router();
  const admins = requireRole('admin');

  router.get('/users', admins, async (_req, res) => {
    res.json({ items: (await store.listUsers()).map(publicUser) });
  });

  router.post('/users', admins, async (req, res) => {
    const input = parseWith(createUserSchema, req.body);
    const email = input.email.toLowerCase();
    if (await store.getUserByEmail(email)) {
      throw new AppError('conflict', 'A user with this email exists', { details: { fields: { email: 'already used' } } });
    }
    const user = await store.createUser({
      id: newId(),
      email,
      name: input.name || email,
      role: input.role,
      disabled: false,
      createdAt: new Date().toISOString(),
      passwordHash: await hashPassword(input.password),
    });
    res.status(201).json(publicUser(user));
  });

  router.patch('/users/:id', admins, async (req, res) => {
    const input = parseWith(patchUserSchema, req.body);
    const self = callerOf(res).user.id === String(req.params.id);
    if (self && (input.disabled === true || (input.role && input.role !== 'admin'))) {
      throw new AppError('conflict', 'You cannot disable yourself or remove your own admin role');
    }
    const { password: newPassword, ...rest } = input;
    const patch = newPassword ? { ...rest, passwordHash: await hashPassword(newPassword) } : rest;
    const user = await store.updateUser(String(req.params.id), patch);
    if (!user) throw new AppError('not_found', 'No such user');
    if (input.disabled || newPassword) await store.deleteUserSessions(user.id);
    res.json(publicUser(user));
  });

  router.get('/secrets', admins, async (_req, res) => {
    const items = (await store.listSecrets()).map(({ name, updatedAt }) => ({ name, updatedAt }));
    res.json({ items });
  });

  router.put('/secrets/:name', admins, async (req, res) => {
    if (!secretName.test(String(req.params.name))) {
      throw new AppError('validation_failed', 'Secret names are letters, digits and "_", starting with a letter or "_"', {
        details: { fields: { name: 'invalid name' } },
      });
    }
    const { value } = parseWith(secretSchema, req.body);
    await store.putSecret(String(req.params.name), value);
    deps.secrets.invalidate();
    res.status(204).end();
  });

  router.delete('/secrets/:name', admins, async (req, res) => {
    if (!(await store.deleteSecret(String(req.params.name)))) throw new AppError('not_found', 'No such secret');
    deps.secrets.invalidate();
    res.status(204).end();
  });

  return router;
}
