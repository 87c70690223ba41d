import { z } from 'zod';

/** What a new password must be, wherever one is set: by an admin for a user, or by users for themselves. */
export const newPasswordField = z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters');
