import { requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../users/user.entity.js';
import { userById } from '../users/user.loaders.js';
import { AccessType, DatamoduleAccess } from './datamodule-access.entity.js';
import { DatamoduleAccessService } from './datamodule-access.service.js';

@Resolver(() => DatamoduleAccess)
export class DatamoduleAccessResolver {
  private readonly accesses = new DatamoduleAccessService();

  @Authorized()
  @Mutation(() => DatamoduleAccess, {
    description:
      'Asks for access to a datamodule; pending until approved. Asking again while pending replaces the types.',
  })
  requestDatamoduleAccess(
    @Arg('datamoduleId', () => ID, { description: "The datamodule's id in the ETL user manager." })
    datamoduleId: string,
    @Arg('accessTypes', () => [AccessType], { description: 'The kinds of access wanted.' }) accessTypes: AccessType[],
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<DatamoduleAccess> {
    return this.accesses.request(ctx.em, requireCaller(ctx), datamoduleId, accessTypes, ctx);
  }

  @Authorized('datamodules:approve')
  @Mutation(() => DatamoduleAccess, {
    description:
      "Approves a request (no change if approved). Needs `datamodules:approve`; in the user's token from their next refresh.",
  })
  approveDatamoduleAccess(
    @Arg('id', () => ID, { description: "The request's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<DatamoduleAccess> {
    return this.accesses.approve(ctx.em, requireCaller(ctx), id, ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: "Revokes an access or withdraws a request. `datamodules:approve`, or one's own.",
  })
  revokeDatamoduleAccess(
    @Arg('id', () => ID, { description: "The access's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.accesses.revoke(ctx.em, requireCaller(ctx), id, ctx);
  }

  @Authorized('datamodules:approve')
  @Query(() => [DatamoduleAccess], {
    description: 'Requests waiting for approval, oldest first. Needs `datamodules:approve`.',
  })
  pendingDatamoduleAccesses(@Ctx() ctx: DatabaseRequestContext): Promise<DatamoduleAccess[]> {
    return this.accesses.pending(ctx.em);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who asked.' })
  user(@Root() access: DatamoduleAccess, @Ctx() ctx: DatabaseRequestContext): Promise<User | null> {
    return ctx.loaders.of(userById).load(access.user.id);
  }
}
