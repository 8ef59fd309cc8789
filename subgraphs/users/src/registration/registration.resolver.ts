import type { DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { User } from '../users/user.entity.js';
import { CreateUserInput } from './registration-inputs.js';
import { PENDING_PAGE_DEFAULT, PENDING_PAGE_MAX, type Registrations } from './registrations.js';

const USER_ID_ARG = { description: 'The id of the PENDING account.' };

/** What holders of `users:admin` do about accounts: create them, and approve or reject registrations. */
@Resolver()
export class RegistrationResolver {
  constructor(private readonly registrations: Registrations) {}

  @Authorized('users:admin')
  @Mutation(() => User, {
    description:
      'Creates an ACTIVE account with the NEW_ACCOUNT_ROLE role, whatever REGISTRATION says (the way accounts are ' +
      'made when it is `closed`); give further roles with `assignRole`. CONFLICT when the login is taken. Needs `users:admin`.',
  })
  createUser(
    @Arg('input', () => CreateUserInput, { description: 'The account.' }) input: CreateUserInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    return this.registrations.create(ctx.em, input, ctx);
  }

  @Authorized('users:admin')
  @Query(() => [User], {
    description:
      'Accounts registered under REGISTRATION=approval and waiting (PENDING), oldest first. Needs `users:admin`.',
  })
  pendingRegistrations(
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many, 1–${PENDING_PAGE_MAX} (default ${PENDING_PAGE_DEFAULT}).`,
    })
    first: number | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User[]> {
    return this.registrations.pending(ctx.em, first);
  }

  @Authorized('users:admin')
  @Mutation(() => User, {
    description:
      'Approves a PENDING registration: the account becomes ACTIVE and can sign in. CONFLICT when it is not ' +
      'pending. Needs `users:admin`.',
  })
  approveRegistration(
    @Arg('userId', () => ID, USER_ID_ARG) userId: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<User> {
    return this.registrations.approve(ctx.em, userId, ctx);
  }

  @Authorized('users:admin')
  @Mutation(() => Boolean, {
    description:
      'Rejects a PENDING registration: the account is deleted and its login is free again. CONFLICT when it is ' +
      'not pending. Needs `users:admin`.',
  })
  rejectRegistration(
    @Arg('userId', () => ID, USER_ID_ARG) userId: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.registrations.reject(ctx.em, userId, ctx);
  }
}
