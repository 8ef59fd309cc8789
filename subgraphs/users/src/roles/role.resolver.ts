import {
  evaluatePermissionRule,
  JSONScalar,
  parsePermissionRule,
  requireCaller,
  requirePermission,
  type DatabaseRequestContext,
} from '@etl/kit';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { permissionsOf } from '../users/user-grants.js';
import { User } from '../users/user.entity.js';
import { rolesByUserId } from '../users/user.loaders.js';
import { UserService } from '../users/user.service.js';
import { CreateRoleInput, UpdateRoleInput } from './role-inputs.js';
import { Role } from './role.entity.js';
import type { TokenRevocations } from '../revocations/token-revocations.js';
import { RoleService } from './role.service.js';

@Resolver(() => Role)
export class RoleResolver {
  private readonly roleService: RoleService;
  private readonly userService = new UserService();

  constructor(revocations: TokenRevocations) {
    this.roleService = new RoleService(revocations);
  }

  @Authorized('users:read')
  @Query(() => [Role], { description: 'Every role, by name. Needs `users:read`.' })
  roles(@Ctx() ctx: DatabaseRequestContext): Promise<Role[]> {
    return this.roleService.list(ctx.em);
  }

  @Authorized('users:admin')
  @Mutation(() => Role, { description: 'Creates a role. Needs `users:admin` and every permission it grants.' })
  createRole(
    @Arg('input', () => CreateRoleInput, { description: 'The new role.' }) input: CreateRoleInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Role> {
    return this.roleService.create(ctx.em, requireCaller(ctx), input, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => Role, { description: 'Changes a role that is not built in. Needs `users:admin`.' })
  updateRole(
    @Arg('id', () => ID, { description: "The role's id." }) id: string,
    @Arg('input', () => UpdateRoleInput, { description: 'What to change.' }) input: UpdateRoleInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Role> {
    return this.roleService.update(ctx.em, requireCaller(ctx), id, input, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => Boolean, {
    description: 'Deletes a role that is not built in, and its assignments. Needs `users:admin`.',
  })
  deleteRole(
    @Arg('id', () => ID, { description: "The role's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.roleService.delete(ctx.em, requireCaller(ctx), id, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => User, {
    description:
      "Gives a user a role (no change if held). Needs `users:admin`; effective at the user's next token refresh.",
  })
  assignRole(
    @Arg('userId', () => ID, { description: "The user's id." }) userId: string,
    @Arg('role', () => String, { description: "The role's name." }) role: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    return this.roleService.assign(ctx.em, requireCaller(ctx), userId, role, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => User, { description: 'Takes a role from a user. Needs `users:admin`; the last admin keeps `admin`.' })
  unassignRole(
    @Arg('userId', () => ID, { description: "The user's id." }) userId: string,
    @Arg('role', () => String, { description: "The role's name." }) role: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    return this.roleService.unassign(ctx.em, requireCaller(ctx), userId, role, ctx);
  }

  @Query(() => Boolean, {
    description:
      'Evaluates a permission rule such as `{"any": ["scripts:admin", {"all": ["scripts:write", "scripts:release"]}]}` against the caller, or against `userId` (needs `users:read`).',
  })
  async hasPermissions(
    @Arg('rule', () => JSONScalar, {
      description: 'A permission string, or `{"any": [...]}` / `{"all": [...]}` of rules.',
    })
    rule: unknown,
    @Arg('userId', () => ID, { nullable: true, description: 'Whose permissions to check; the caller when omitted.' })
    userId: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    const caller = requireCaller(ctx);
    const parsed = parsePermissionRule(rule);
    if (userId === null || userId === undefined || userId === caller.id) {
      return evaluatePermissionRule(parsed, caller.permissions);
    }
    requirePermission(ctx, 'users:read');
    const user = await this.userService.get(ctx.em, userId);
    const held = new Set(permissionsOf(await ctx.loaders.of(rolesByUserId).load(user.id)));
    return evaluatePermissionRule(parsed, held);
  }
}
