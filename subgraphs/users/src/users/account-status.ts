import { registerEnumType } from 'type-graphql';

/**
 * Whether an account may sign in. Under `REGISTRATION=approval` a registered account waits,
 * PENDING, until a holder of `users:admin` approves it; every other account is ACTIVE.
 */
export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  PENDING = 'PENDING',
}

registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether an account may sign in.',
  valuesConfig: {
    ACTIVE: { description: 'Signs in and holds its roles.' },
    PENDING: {
      description:
        'Registered under `REGISTRATION=approval` and not approved yet: cannot sign in (ACCOUNT_PENDING_APPROVAL).',
    },
  },
});
