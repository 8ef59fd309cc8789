import { requireSelfOrPermission, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import { Role } from '../roles/role.entity.js';
import { permissionsOf } from './user-grants.js';
import { User } from './user.entity.js';
import { datamoduleAccessesByUserId, rolesByUserId } from './user.loaders.js';
import { UserService, USERS_PAGE_DEFAULT, USERS_PAGE_MAX } from './user.service.js';
import { UsersConnection } from './users-connection.type.js';

@Resolver(() => User)
export class UserResolver {
  private readonly userService = new UserService();

  @Query(() => User, {
    nullable: true,
    description: 'The signed-in user, or null without a token. An invalid or expired token is UNAUTHENTICATED.',
  })
  async me(@Ctx() ctx: DatabaseRequestContext): Promise<User | null> {
    if (!ctx.caller) {
      if (ctx.authError) throw ctx.authError;
      return null;
    }
    return ctx.em.findOne(User, ctx.caller.id);
  }

  @Query(() => User, { description: 'A user by id. Needs `users:read`, except for oneself.' })
  async user(
    @Arg('id', () => ID, { description: "The user's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    requireSelfOrPermission(ctx, id, 'users:read');
    return this.userService.get(ctx.em, id);
  }

  @Authorized('users:read')
  @Query(() => UsersConnection, { description: 'Users ordered by login, a page at a time. Needs `users:read`.' })
  users(
    @Arg('first', () => Int, {
      nullable: true,
      description: `Page size, 1–${USERS_PAGE_MAX} (default ${USERS_PAGE_DEFAULT}).`,
    })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Arg('search', () => String, { nullable: true, description: 'Part of a login or display name, case-insensitive.' })
    search: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<UsersConnection> {
    return this.userService.page(ctx.em, { first, after, search });
  }

  @FieldResolver(() => [Role], { description: 'The roles the user holds. Oneself, `users:read` or `users:admin`.' })
  roles(@Root() user: User, @Ctx() ctx: DatabaseRequestContext): Promise<Role[]> {
    requireSelfOrPermission(ctx, user.id, 'users:read', 'users:admin');
    return ctx.loaders.of(rolesByUserId).load(user.id);
  }

  @FieldResolver(() => [String], {
    description: "The union of the permissions of the user's roles. Oneself, `users:read` or `users:admin`.",
  })
  async permissions(@Root() user: User, @Ctx() ctx: DatabaseRequestContext): Promise<string[]> {
    requireSelfOrPermission(ctx, user.id, 'users:read', 'users:admin');
    return permissionsOf(await ctx.loaders.of(rolesByUserId).load(user.id));
  }

  @FieldResolver(() => [DatamoduleAccess], {
    description: "The user's datamodule access requests, pending and approved. Oneself, or `datamodules:approve`.",
  })
  datamoduleAccesses(@Root() user: User, @Ctx() ctx: DatabaseRequestContext): Promise<DatamoduleAccess[]> {
    requireSelfOrPermission(ctx, user.id, 'datamodules:approve');
    return ctx.loaders.of(datamoduleAccessesByUserId).load(user.id);
  }
}
