import { hasControlCharacter, UserInputError } from '@etl/kit';

const LOGIN = /^[A-Za-z0-9._-]{3,64}$/;

/** The contract's rules for what a user types; each failure names the field. */
export const userRules = {
  login(login: string): string {
    if (!LOGIN.test(login)) {
      throw new UserInputError('Login must be 3–64 characters of letters, digits, ".", "_" or "-"', 'login');
    }
    return login;
  },
  password(password: string, field = 'password'): string {
    if (password.length < 8 || password.length > 256) {
      throw new UserInputError('Password must be 8–256 characters long', field);
    }
    return password;
  },
  displayName(displayName: string | null | undefined): string | null {
    if (displayName === null || displayName === undefined) return null;
    const trimmed = displayName.trim();
    if (trimmed.length === 0) return null;
    if (trimmed.length > 200 || hasControlCharacter(trimmed)) {
      throw new UserInputError('Display name must be at most 200 characters without control characters', 'displayName');
    }
    return trimmed;
  },
};
