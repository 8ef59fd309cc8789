import type { User } from './user.entity.js';

/** The audit event target that names an account. */
export const userTarget = (user: Pick<User, 'id'>) => ({ type: 'User', id: user.id });
