import type { EntityManager } from '@mikro-orm/postgresql';
import { ADMIN_ROLE } from '../roles/built-in-roles.js';
import { User } from '../users/user.entity.js';

/**
 * Whether `user` is the only enabled, live holder of the admin role: then taking the role from
 * it, disabling it or deleting it would leave nobody able to administer the platform.
 */
export async function isLastEnabledAdmin(em: EntityManager, user: User): Promise<boolean> {
  const holdsAdmin = await em.count(User, { id: user.id, roles: { name: ADMIN_ROLE } });
  if (!holdsAdmin) return false;
  const others = await em.count(User, {
    id: { $ne: user.id },
    roles: { name: ADMIN_ROLE },
    disabledAt: null,
    deletedAt: null,
  });
  return others === 0;
}
