import { hasControlCharacter, UserInputError } from '@etl/kit';

export const MIN_LOGIN_LENGTH = 3;
export const MAX_LOGIN_LENGTH = 64;
/** Logins, and their lowercased keys in cursors. */
export const LOGIN = new RegExp(`^[A-Za-z0-9._-]{${MIN_LOGIN_LENGTH},${MAX_LOGIN_LENGTH}}$`);
/** The login rule as the schema states it. */
export const LOGIN_RULE = `${MIN_LOGIN_LENGTH}–${MAX_LOGIN_LENGTH} characters of \`[A-Za-z0-9._-]\``;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
export const PASSWORD_RULE = `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`;
export const MAX_DISPLAY_NAME_LENGTH = 200;

/** The contract's rules for what a user types; each failure names the field. */
export const userRules = {
  login(login: string): string {
    if (!LOGIN.test(login)) {
      throw new UserInputError(
        `Login must be ${MIN_LOGIN_LENGTH}–${MAX_LOGIN_LENGTH} characters of letters, digits, ".", "_" or "-"`,
        'login',
      );
    }
    return login;
  },
  password(password: string, field = 'password'): string {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw new UserInputError(`Password must be ${PASSWORD_RULE} long`, field);
    }
    return password;
  },
  displayName(displayName: string | null | undefined): string | null {
    if (displayName === null || displayName === undefined) return null;
    const trimmed = displayName.trim();
    if (trimmed.length === 0) return null;
    if (trimmed.length > MAX_DISPLAY_NAME_LENGTH || hasControlCharacter(trimmed)) {
      throw new UserInputError(
        `Display name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters without control characters`,
        'displayName',
      );
    }
    return trimmed;
  },
};
