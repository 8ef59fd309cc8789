import { defineEntityByIdLoader, defineLoader, type DatabaseRequestContext } from '@etl/kit';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import { Role } from '../roles/role.entity.js';
import { User } from './user.entity.js';

/** Users by id in one statement: federation's `_entities` and every other lookup by id. */
export const userById = defineEntityByIdLoader('userById', User);

/**
 * Each user's roles, for any number of users, in one statement over the pivot joined to roles.
 * Written as SQL and mapped with `em.map` (roles still enter the request's identity map): `me`
 * asks for this on every page load, and building the joined, ordered query through the ORM cost
 * more CPU than the rest of the request.
 */
export const rolesByUserId = defineLoader<string, Role[], DatabaseRequestContext>(
  'rolesByUserId',
  async (ids, { em }) => {
    const rows: Array<Record<string, unknown> & { holder_id: string }> = await em.getConnection().execute(
      `select user_roles.user_id as holder_id, roles.* from user_roles join roles on roles.id = user_roles.role_id
       where user_roles.user_id in (?) order by roles.name`,
      [[...ids]],
    );
    const byUser = new Map<string, Role[]>();
    for (const { holder_id: holderId, ...role } of rows) {
      const roles = byUser.get(holderId) ?? [];
      roles.push(em.map(Role, role));
      byUser.set(holderId, roles);
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
