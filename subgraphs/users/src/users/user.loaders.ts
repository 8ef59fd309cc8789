import { byKeys, defineLoader, isUuid, type RequestContext } from '@etl/kit';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import type { Role } from '../roles/role.entity.js';
import { User } from './user.entity.js';

/** Users by id in one statement: federation's `_entities` and every other lookup by id. */
export const userById = defineLoader<string, User | null, RequestContext>('userById', async (ids, { em }) => {
  const valid = ids.filter(isUuid);
  const users = valid.length ? await em.find(User, { id: { $in: valid } }) : [];
  return byKeys(ids, users, (user) => user.id);
});

/** Each user's roles, for any number of users, in one joined statement. */
export const rolesByUserId = defineLoader<string, Role[], RequestContext>('rolesByUserId', async (ids, { em }) => {
  const users = await em.find(
    User,
    { id: { $in: [...ids] } },
    { populate: ['roles'], strategy: 'joined', orderBy: { roles: { name: 'asc' } } },
  );
  const byId = new Map(users.map((user) => [user.id, user.roles.getItems()]));
  return ids.map((id) => byId.get(id) ?? []);
});

/** Each user's datamodule accesses (pending and approved), in one statement. */
export const datamoduleAccessesByUserId = defineLoader<string, DatamoduleAccess[], RequestContext>(
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
