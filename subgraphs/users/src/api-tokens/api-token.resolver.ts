import { requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../users/user.entity.js';
import { userById } from '../users/user.loaders.js';
import { CreateApiTokenInput, CreatedApiToken } from './api-token-inputs.js';
import { ApiToken } from './api-token.entity.js';
import type { ApiTokenService } from './api-token.service.js';

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  constructor(private readonly tokenService: ApiTokenService) {}

  @Authorized()
  @Mutation(() => CreatedApiToken, {
    description:
      "Makes an API token and answers its secret once. Its permissions must be the caller's own; one for a service account needs `users:admin`.",
  })
  createApiToken(
    @Arg('input', () => CreateApiTokenInput, { description: 'The token.' }) input: CreateApiTokenInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<CreatedApiToken> {
    return this.tokenService.create(ctx.em, requireCaller(ctx), input, ctx);
  }

  @Authorized()
  @Query(() => [ApiToken], {
    description: "A user's API tokens, newest first, revoked ones too. Oneself, or anyone's with `users:admin`.",
  })
  apiTokens(
    @Arg('userId', () => ID, { nullable: true, description: "The tokens' owner; unset, the caller." })
    userId: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ApiToken[]> {
    return this.tokenService.list(ctx.em, requireCaller(ctx), userId);
  }

  @Authorized()
  @Mutation(() => ApiToken, {
    description:
      "Revokes an API token: it and the access tokens it was exchanged for stop working. One's own, or any with `users:admin`.",
  })
  revokeApiToken(
    @Arg('id', () => ID, { description: "The token's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ApiToken> {
    return this.tokenService.revoke(ctx.em, requireCaller(ctx), id, ctx);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user the token acts for; null once deleted.' })
  owner(@Root() apiToken: ApiToken, @Ctx() ctx: DatabaseRequestContext): Promise<User | null> {
    return ctx.loaders.of(userById).load(apiToken.owner.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the token; null once deleted.' })
  createdBy(@Root() apiToken: ApiToken, @Ctx() ctx: DatabaseRequestContext): Promise<User | null> {
    return apiToken.createdBy ? ctx.loaders.of(userById).load(apiToken.createdBy) : Promise.resolve(null);
  }
}
