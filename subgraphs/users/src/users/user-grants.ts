import type { AccessTokenContent, DatamoduleAccessType } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import type { Role } from '../roles/role.entity.js';
import type { User } from './user.entity.js';

/** The union of the permissions of a user's roles, sorted. */
export function permissionsOf(roles: Iterable<Role>): string[] {
  const permissions = new Set<string>();
  for (const role of roles) for (const permission of role.permissions) permissions.add(permission);
  return [...permissions].sort();
}

/** Approved datamodule accesses, merged per datamodule, as the token's `dm` claim. */
export function datamoduleGrantsOf(accesses: Iterable<DatamoduleAccess>): Record<string, DatamoduleAccessType[]> {
  const grants: Record<string, Set<DatamoduleAccessType>> = {};
  for (const access of accesses) {
    if (!access.approved) continue;
    const types = (grants[access.datamoduleId] ??= new Set());
    for (const type of access.accessTypes) types.add(type);
  }
  return Object.fromEntries(Object.entries(grants).map(([id, types]) => [id, [...types].sort()]));
}

/** What an access token says about a user, read fresh from the database. */
export async function tokenContentOf(em: EntityManager, user: User): Promise<AccessTokenContent> {
  const roles = await user.roles.loadItems();
  const accesses = await em.find(DatamoduleAccess, { user: user.id, approved: true });
  return { sub: user.id, login: user.login, perms: permissionsOf(roles), dm: datamoduleGrantsOf(accesses) };
}
