import { Caller, requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { AuthPayload } from './auth-payload.type.js';
import { LOGIN_RULE, PASSWORD_RULE } from '../users/user-rules.js';
import type { SessionService } from './session.service.js';

@InputType({ description: 'A new account.' })
export class RegisterInput {
  @Field(() => String, { description: `${LOGIN_RULE}, unique case-insensitively.` })
  login!: string;

  @Field(() => String, { description: `${PASSWORD_RULE}.` })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the console.' })
  displayName?: string | null;
}

/**
 * The rest of a sign-in request runs as the user just signed in, so that a client can select
 * `user { roles permissions }` in the same request.
 */
async function signedIn(ctx: DatabaseRequestContext, session: Promise<AuthPayload>): Promise<AuthPayload> {
  const payload = await session;
  const { sub, login, perms, dm, sid } = payload.grants;
  ctx.caller = new Caller(sub, login, perms, dm, sid ?? null);
  ctx.authError = null;
  return payload;
}

/** Sessions are the only resolvers open to anonymous callers (with `me`). */
@Resolver()
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  @Mutation(() => AuthPayload, { description: 'Creates an account with the `viewer` role and signs it in.' })
  register(
    @Arg('input', () => RegisterInput, { description: 'The account.' }) input: RegisterInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions.register(ctx.em, input, ctx));
  }

  @Mutation(() => AuthPayload, {
    description: 'Signs in. Repeated failures for one login or one address are RATE_LIMITED for a while.',
  })
  login(
    @Arg('login', () => String, { description: 'The login, in any letter case.' }) login: string,
    @Arg('password', () => String, { description: 'The password.' }) password: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions.login(ctx.em, login, password, ctx));
  }

  @Mutation(() => AuthPayload, {
    description:
      'Trades a refresh token for a new session pair. Each refresh token works once; a reused one ends its whole session.',
  })
  refreshToken(
    @Arg('refreshToken', () => String, { description: 'The latest refresh token of the session.' })
    refreshToken: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions.refresh(ctx.em, refreshToken, ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Ends the session of this refresh token; false when it was not a live session of the caller.',
  })
  logout(
    @Arg('refreshToken', () => String, { description: 'A refresh token of the session to end.' }) refreshToken: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.sessions.logout(ctx.em, requireCaller(ctx), refreshToken, ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Ends every session of the caller. Access tokens already issued live until they expire.',
  })
  logoutAll(@Ctx() ctx: DatabaseRequestContext): Promise<boolean> {
    return this.sessions.logoutAll(ctx.em, requireCaller(ctx), ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Changes the caller's password and ends every other session." })
  changePassword(
    @Arg('currentPassword', () => String, { description: 'The password now.' }) currentPassword: string,
    @Arg('newPassword', () => String, { description: `The new password, ${PASSWORD_RULE}.` }) newPassword: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.sessions.changePassword(ctx.em, requireCaller(ctx), currentPassword, newPassword, ctx);
  }
}
