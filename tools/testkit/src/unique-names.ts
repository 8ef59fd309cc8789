import { randomBytes } from 'node:crypto';

/**
 * `prefix-` and eight random hex digits: tests share one stack and database and run concurrently,
 * so each makes the folders, logins and roles it needs under names no other test uses. Lowercase
 * letters and digits only, so the result is a valid folder name, login and role name alike.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
