import { AuthenticationError, ForbiddenError } from '@etl/kit';

/** The refusals of API tokens, each message written once. */
export const apiTokenErrors = {
  /** Unknown, malformed, expired and revoked alike: a guesser learns nothing from the answer. */
  invalid(): AuthenticationError {
    return new AuthenticationError('Invalid, expired or revoked API token');
  },
  notHeldByCreator(permission: string): ForbiddenError {
    return new ForbiddenError(`The token cannot hold ${permission}: you do not hold it`);
  },
  notHeldByOwner(permission: string): ForbiddenError {
    return new ForbiddenError(`The token cannot hold ${permission}: the service account does not hold it`);
  },
  ownerIsAPerson(): ForbiddenError {
    return new ForbiddenError(
      "Tokens for another user can be made for service accounts only, not for a person's account",
    );
  },
};
