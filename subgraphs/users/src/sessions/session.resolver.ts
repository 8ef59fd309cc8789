import { Caller, requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { RegisterInput } from '../registration/registration-inputs.js';
import { PASSWORD_RULE } from '../users/user-rules.js';
import { AuthPayload } from './auth-payload.type.js';
import type { SessionOrigin } from './refresh-token.entity.js';
import type { SessionService } from './session.service.js';

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

/** Where the request came from, as the session list shows it. */
function originOf(ctx: DatabaseRequestContext): SessionOrigin {
  return { address: ctx.clientAddress, userAgent: ctx.userAgent };
}

/** Sessions are the only resolvers open to anonymous callers (with `me`). */
@Resolver()
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  @Mutation(() => AuthPayload, {
    description:
      'Creates an account with the NEW_ACCOUNT_ROLE role (`viewer` unless configured) and signs it in, as ' +
      'REGISTRATION allows: `closed` refuses with REGISTRATION_CLOSED; `approval` stores the account PENDING and ' +
      'answers ACCOUNT_PENDING_APPROVAL (it signs in once a holder of `users:admin` approves it).',
  })
  register(
    @Arg('input', () => RegisterInput, { description: 'The account.' }) input: RegisterInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions.register(ctx.em, input, originOf(ctx), ctx));
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in. Repeated failures for one login or one address are RATE_LIMITED for a while. A disabled account is ' +
      'FORBIDDEN and one waiting for approval ACCOUNT_PENDING_APPROVAL (said only once the password matched); after ' +
      '`resetPassword` the answer has `passwordChangeRequired`.',
  })
  login(
    @Arg('login', () => String, { description: 'The login, in any letter case.' }) login: string,
    @Arg('password', () => String, { description: 'The password.' }) password: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions.login(ctx.em, login, password, originOf(ctx), ctx));
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
    return signedIn(ctx, this.sessions.refresh(ctx.em, refreshToken, originOf(ctx), ctx));
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
    description:
      'Ends every session of the caller; its access tokens are refused everywhere within REVOCATION_MAX_DELAY_SECONDS.',
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
