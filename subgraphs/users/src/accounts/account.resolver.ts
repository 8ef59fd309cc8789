import { requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { User } from '../users/user.entity.js';
import type { AccountService } from './account.service.js';

@ObjectType({ description: 'A reset password, shown once: hand it to the user over a channel you trust.' })
export class PasswordReset {
  @Field(() => User, { description: 'The account, now with `passwordChangeRequired`.' })
  user!: User;

  @Field(() => String, {
    description:
      'The one-time password. Signing in with it gives a token without permissions until `changePassword` replaces it.',
  })
  oneTimePassword!: string;
}

const userIdArg = { description: "The account's id." } as const;

/** The account lifecycle, for administrators (`users:admin`). */
@Resolver()
export class AccountResolver {
  constructor(private readonly accounts: AccountService) {}

  @Authorized('users:admin')
  @Mutation(() => User, {
    description:
      'Disables an account: it cannot sign in, its sessions end and its access and API tokens are refused everywhere within REVOCATION_MAX_DELAY_SECONDS. Not one’s own account, nor the last enabled admin (CONFLICT). Needs `users:admin`.',
  })
  disableUser(@Arg('userId', () => ID, userIdArg) userId: string, @Ctx() ctx: DatabaseRequestContext): Promise<User> {
    return this.accounts.disable(ctx.em, requireCaller(ctx), userId, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => User, {
    description: 'Enables a disabled account: it signs in again (its old sessions stay ended). Needs `users:admin`.',
  })
  enableUser(@Arg('userId', () => ID, userIdArg) userId: string, @Ctx() ctx: DatabaseRequestContext): Promise<User> {
    return this.accounts.enable(ctx.em, userId, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => Boolean, {
    description:
      'Deletes an account: its login, name, password, roles, sessions, API tokens and datamodule accesses go; what it owns stays, its owner shown with `deletedAt`. Not one’s own account, nor the last enabled admin (CONFLICT). Needs `users:admin`.',
  })
  deleteUser(@Arg('userId', () => ID, userIdArg) userId: string, @Ctx() ctx: DatabaseRequestContext): Promise<boolean> {
    return this.accounts.delete(ctx.em, requireCaller(ctx), userId, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => PasswordReset, {
    description:
      "Replaces a person's password with a one-time password that must be changed at the next sign-in, and ends the account's sessions. Service accounts have none (CONFLICT). Needs `users:admin`.",
  })
  resetPassword(
    @Arg('userId', () => ID, userIdArg) userId: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<PasswordReset> {
    return this.accounts.resetPassword(ctx.em, userId, ctx);
  }
}
