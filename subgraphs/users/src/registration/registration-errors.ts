import { AppError, type PublicErrorContract } from '@etl/kit';

/** The users subgraph's own error codes, beside the kit's generic ones. */
export const RegistrationErrorCode = {
  REGISTRATION_CLOSED: 'REGISTRATION_CLOSED',
  ACCOUNT_PENDING_APPROVAL: 'ACCOUNT_PENDING_APPROVAL',
} as const;

export const USERS_PUBLIC_ERRORS: PublicErrorContract = {
  codes: Object.values(RegistrationErrorCode),
  extensions: [],
};

/** Refusals that follow from REGISTRATION and from an account's status. */
export class RegistrationError extends AppError {
  static closed(): RegistrationError {
    return new RegistrationError(
      RegistrationErrorCode.REGISTRATION_CLOSED,
      'Registration is closed: an administrator creates accounts',
    );
  }

  /** Said to whoever registered under `approval`, and to the owner's right password until then. */
  static pendingApproval(login: string): RegistrationError {
    return new RegistrationError(
      RegistrationErrorCode.ACCOUNT_PENDING_APPROVAL,
      `Account ${login} waits for an administrator's approval; it can sign in once approved`,
    );
  }
}
