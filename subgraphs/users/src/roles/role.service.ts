import {
  assertUuid,
  ConflictError,
  ForbiddenError,
  isKnownPermission,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenRevocations } from '../revocations/token-revocations.js';
import { isLastEnabledAdmin } from '../accounts/last-admin.js';
import { userTarget } from '../users/user-audit-target.js';
import { UserRole } from '../users/user-role.entity.js';
import { User } from '../users/user.entity.js';
import { ADMIN_ROLE } from './built-in-roles.js';
import type { CreateRoleInput, UpdateRoleInput } from './role-inputs.js';
import { MAX_ROLE_DESCRIPTION_LENGTH, ROLE_NAME, ROLE_NAME_RULE } from './role-rules.js';
import { Role } from './role.entity.js';

function checkName(name: string): string {
  if (!ROLE_NAME.test(name)) {
    throw new UserInputError(`Role name must be ${ROLE_NAME_RULE}`, 'name');
  }
  return name;
}

function checkDescription(description: string | null | undefined): string | null {
  if (description && description.length > MAX_ROLE_DESCRIPTION_LENGTH)
    throw new UserInputError(`Description is longer than ${MAX_ROLE_DESCRIPTION_LENGTH} characters`, 'description');
  return description?.trim() || null;
}

/**
 * Checks permissions a caller wants to put in a role: each must be known, and the caller must
 * hold it, so that `users:admin` cannot mint a role with more power than its holder has.
 */
function checkPermissions(caller: Caller, permissions: string[]): string[] {
  const unique = [...new Set(permissions)].sort();
  if (unique.length > 100) throw new UserInputError('A role holds at most 100 permissions', 'permissions');
  for (const permission of unique) {
    if (!isKnownPermission(permission))
      throw new UserInputError(`Unknown permission ${JSON.stringify(permission.slice(0, 80))}`, 'permissions');
    if (!caller.can(permission)) throw new ForbiddenError(`You cannot grant ${permission}: you do not hold it`);
  }
  return unique;
}

const roleTarget = (role: Role) => ({ type: 'Role', id: role.id });
const roleDetails = (role: Role) => ({ name: role.name, permissions: role.permissions });

/** Roles and their assignment to users; every change is an audit event. */
export class RoleService {
  constructor(private readonly revocations: TokenRevocations) {}

  list(em: EntityManager): Promise<Role[]> {
    return em.find(Role, {}, { orderBy: { name: 'asc' } });
  }

  async create(em: EntityManager, caller: Caller, input: CreateRoleInput, source: AuditSource): Promise<Role> {
    const role = new Role(
      checkName(input.name),
      checkPermissions(caller, input.permissions),
      checkDescription(input.description),
    );
    await this.assertNameFree(em, role.name);
    em.persist(role);
    recordAudit(em, source, { action: 'role.create', target: roleTarget(role), details: roleDetails(role) });
    await em.flush();
    return role;
  }

  async update(
    em: EntityManager,
    caller: Caller,
    id: string,
    input: UpdateRoleInput,
    source: AuditSource,
  ): Promise<Role> {
    const role = await this.changeable(em, id);
    if (input.name != null && input.name !== role.name) {
      await this.assertNameFree(em, checkName(input.name));
      role.name = input.name;
    }
    if (input.description !== undefined) role.description = checkDescription(input.description);
    if (input.permissions != null) {
      // Taking a permission away needs holding it too, or a partial admin could strip a fuller one.
      checkPermissions(caller, role.permissions);
      role.permissions = checkPermissions(caller, input.permissions);
      await this.revokeHolders(em, role);
    }
    recordAudit(em, source, { action: 'role.update', target: roleTarget(role), details: roleDetails(role) });
    await em.flush();
    return role;
  }

  async delete(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    const role = await this.changeable(em, id);
    checkPermissions(caller, role.permissions);
    await this.revokeHolders(em, role);
    recordAudit(em, source, { action: 'role.delete', target: roleTarget(role), details: roleDetails(role) });
    await em.remove(role).flush();
    return true;
  }

  async assign(
    em: EntityManager,
    caller: Caller,
    userId: string,
    roleName: string,
    source: AuditSource,
  ): Promise<User> {
    const [user, role] = await this.userAndRole(em, userId, roleName);
    checkPermissions(caller, role.permissions);
    await user.roles.init();
    if (!user.roles.contains(role)) {
      await this.revocations.revokeUser(em, user.id);
      recordAudit(em, source, { action: 'role.assign', target: userTarget(user), details: { role: role.name } });
    }
    user.roles.add(role);
    await em.flush();
    return user;
  }

  async unassign(
    em: EntityManager,
    caller: Caller,
    userId: string,
    roleName: string,
    source: AuditSource,
  ): Promise<User> {
    const [user, role] = await this.userAndRole(em, userId, roleName);
    checkPermissions(caller, role.permissions);
    await user.roles.init();
    if (role.name === ADMIN_ROLE && user.roles.contains(role) && (await isLastEnabledAdmin(em, user))) {
      throw new ConflictError('Cannot remove the admin role from the last enabled admin');
    }
    if (user.roles.contains(role)) {
      await this.revocations.revokeUser(em, user.id);
      recordAudit(em, source, { action: 'role.unassign', target: userTarget(user), details: { role: role.name } });
    }
    user.roles.remove(role);
    await em.flush();
    return user;
  }

  /** The tokens of everyone holding a role carry its old permissions: they stop counting. */
  private async revokeHolders(em: EntityManager, role: Role): Promise<void> {
    const links = await em.find(UserRole, { role: role.id });
    for (const link of links) await this.revocations.revokeUser(em, link.user.id);
  }

  private async userAndRole(em: EntityManager, userId: string, roleName: string): Promise<[User, Role]> {
    const user = await em.findOne(User, { id: assertUuid(userId, 'userId'), deletedAt: null });
    if (!user) throw NotFoundError.entity('User', userId);
    const role = await em.findOne(Role, { name: roleName });
    if (!role) throw NotFoundError.entity('Role', roleName);
    return [user, role];
  }

  private async changeable(em: EntityManager, id: string): Promise<Role> {
    const role = await em.findOne(Role, assertUuid(id));
    if (!role) throw NotFoundError.entity('Role', id);
    if (role.builtIn) throw new ForbiddenError(`Built-in role ${role.name} cannot be changed or deleted`);
    return role;
  }

  private async assertNameFree(em: EntityManager, name: string): Promise<void> {
    if (await em.count(Role, { name })) throw new ConflictError(`A role named ${name} exists`);
  }
}
