import { z } from 'zod';

/**
 * The one spelling of an email address that look-up, throttling and storage all use.
 * NFKC first, so that full-width or compatibility forms (`ａｄｍｉｎ@…`) and the plain form are
 * one account, then trim and lower-case. Every path that reads or writes an email goes
 * through this, so no spelling of an address gets its own sign-in budget.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** An email field of an admin payload: normalised, then validated. */
export const emailField = z.string().max(320).transform(normalizeEmail).pipe(z.string().email().max(320));
