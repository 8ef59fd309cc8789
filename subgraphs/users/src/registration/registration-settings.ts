import { z } from 'zod';
import { VIEWER_ROLE } from '../roles/built-in-roles.js';

export const REGISTRATION_MODES = ['open', 'closed', 'approval'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** The users subgraph's settings about who may get an account, and with what role. */
export const registrationSettings = {
  REGISTRATION: z
    .enum(REGISTRATION_MODES)
    .optional()
    .describe(
      '`open`: anyone may `register`; `closed`: `register` is REGISTRATION_CLOSED and holders of `users:admin` `createUser`; `approval`: `register` makes a PENDING account that signs in once a holder of `users:admin` approves it (`approveRegistration`). Unset: `closed` when NODE_ENV=production, `open` otherwise',
    ),
  NEW_ACCOUNT_ROLE: z
    .string()
    .min(1)
    .default(VIEWER_ROLE)
    .describe(
      'The role every new account gets (`register`, `createUser`): its permissions are what a new account may read. A built-in role or one made with `createRole`; the service does not start when it does not exist',
    ),
};

/** REGISTRATION as set, or its default for the environment. */
export function registrationMode(setting: RegistrationMode | undefined, nodeEnv: string): RegistrationMode {
  return setting ?? (nodeEnv === 'production' ? 'closed' : 'open');
}
