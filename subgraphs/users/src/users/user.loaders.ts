import { defineEntityByIdLoader, defineLoader, type DatabaseRequestContext } from '@etl/kit';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import type { Role } from '../roles/role.entity.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';

/** Users by id in one statement: federation's `_entities` and every other lookup by id. */
export const userById = defineEntityByIdLoader('userById', User);

/** Each user's roles, for any number of users, in one statement over the pivot joined to roles. */
export const rolesByUserId = defineLoader<string, Role[], DatabaseRequestContext>(
  'rolesByUserId',
  async (ids, { em }) => {
    const links = await em.find(
      UserRole,
      { user: { $in: [...ids] } },
      { populate: ['role'], strategy: 'joined', orderBy: { role: { name: 'asc' } } },
    );
    const byUser = new Map<string, Role[]>();
    for (const link of links) {
      const roles = byUser.get(link.user.id) ?? [];
      roles.push(link.role);
      byUser.set(link.user.id, roles);
    }
    return ids.map((id) => byUser.get(id) ?? []);
  },
);

/** Each user's datamodule accesses (pending and approved), in one statement. */
export const datamoduleAccessesByUserId = defineLoader<string, DatamoduleAccess[], DatabaseRequestContext>(
  'datamoduleAccessesByUserId',
  async (ids, { em }) => {
    const accesses = await em.find(
      DatamoduleAccess,
      { user: { $in: [...ids] } },
      { orderBy: { datamoduleId: 'asc', createdAt: 'asc' } },
    );
    return ids.map((id) => accesses.filter((access) => access.user.id === id));
  },
);
