import { requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { SessionInfo } from './session-info.type.js';
import type { UserSessionsService } from './user-sessions.service.js';

@Resolver()
export class UserSessionsResolver {
  constructor(private readonly userSessions: UserSessionsService) {}

  @Authorized()
  @Query(() => [SessionInfo], {
    description:
      "A user's live sessions, most recently used first: one's own, or anyone's with `users:admin` (FORBIDDEN otherwise).",
  })
  sessions(
    @Arg('userId', () => ID, { nullable: true, description: 'The user; unset, the caller.' }) userId: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<SessionInfo[]> {
    return this.userSessions.list(ctx.em, requireCaller(ctx), userId);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Ends a session: its refresh token fails at once, its access tokens everywhere within REVOCATION_MAX_DELAY_SECONDS. One's own, or anyone's with `users:admin` (NOT_FOUND otherwise). False when it had already ended.",
  })
  revokeSession(
    @Arg('id', () => ID, { description: 'The session id, from `sessions`.' }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.userSessions.revoke(ctx.em, requireCaller(ctx), id, ctx);
  }
}
