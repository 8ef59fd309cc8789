import { ConflictError, ForbiddenError, NotFoundError } from '@etl/kit';

/** The refusals of the account lifecycle, each message written once. */
export const accountErrors = {
  /** Told only after the password matched: a guesser learns nothing an owner does not know. */
  disabled(): ForbiddenError {
    return new ForbiddenError('This account is disabled: ask an administrator to enable it');
  },
  passwordChangeRequired(): ForbiddenError {
    return new ForbiddenError('Your password was reset: change it with changePassword first');
  },
  lastAdmin(action: 'disable' | 'delete'): ConflictError {
    return new ConflictError(`Cannot ${action} the last enabled admin`);
  },
  self(action: 'disable' | 'delete'): ConflictError {
    return new ConflictError(`Cannot ${action} your own account: ask another administrator`);
  },
  notFound(id: string): NotFoundError {
    return NotFoundError.entity('User', id);
  },
  noPassword(): ConflictError {
    return new ConflictError('A service account has no password to reset: give it API tokens');
  },
};
