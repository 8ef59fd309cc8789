import type { DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { LOGIN_RULE } from '../users/user-rules.js';
import { User } from '../users/user.entity.js';
import { ServiceAccountService } from './service-account.service.js';

@InputType({ description: 'A new service account.' })
export class CreateServiceAccountInput {
  @Field(() => String, { description: `${LOGIN_RULE}, unique case-insensitively among all users.` })
  login!: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the console, such as the machine it is for.' })
  displayName?: string | null;
}

@Resolver()
export class ServiceAccountResolver {
  private readonly serviceAccounts = new ServiceAccountService();

  @Authorized('users:admin')
  @Mutation(() => User, {
    description:
      'Creates a service account: no roles and no password. Give it roles with `assignRole` and tokens with `createApiToken`. Needs `users:admin`.',
  })
  createServiceAccount(
    @Arg('input', () => CreateServiceAccountInput, { description: 'The account.' }) input: CreateServiceAccountInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    return this.serviceAccounts.create(ctx.em, input, ctx);
  }
}
