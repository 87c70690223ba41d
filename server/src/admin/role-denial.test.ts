import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { Role } from '../contract/index.js';
import { isAppError } from '../core/app-error.js';
import { requireRole } from './auth.js';

function refusal(role: Role, ...allowed: Role[]): unknown {
  const res = { locals: { caller: { user: { role } } } } as unknown as Response;
  try {
    requireRole(...allowed)({} as Request, res, () => undefined);
  } catch (err) {
    return err;
  }
  return null;
}

describe('a role check that refuses', () => {
  it('names the role that is needed and the role the user has, in the message and the details', () => {
    const err = refusal('editor', 'admin');
    expect(isAppError(err) && err.status).toBe(403);
    expect(err).toMatchObject({
      code: 'forbidden',
      message: 'This needs the admin role (you are an editor)',
      details: { details: { requiredRole: 'admin', role: 'editor' } },
    });
  });

  it('names the least role that would do when several may', () => {
    expect(refusal('viewer', 'admin', 'editor')).toMatchObject({
      message: 'This needs the editor role (you are a viewer)',
      details: { details: { requiredRole: 'editor', role: 'viewer' } },
    });
  });

  it('lets a user with one of the roles through', () => {
    expect(refusal('editor', 'admin', 'editor')).toBeNull();
  });
});
