import { createHash, randomBytes } from 'node:crypto';

/**
 * The prefix of every API token's secret: secret scanners (GitHub's, gitleaks) match on such
 * prefixes, and the gateway tells an API token from an access token by it.
 */
export const API_TOKEN_PREFIX = 'etl_pat_';
/** 32 random bytes in base64url after the prefix. */
const SECRET = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);
/** How much of the secret is kept in clear to tell tokens apart in lists: the prefix and 4 characters. */
const SHOWN_LENGTH = API_TOKEN_PREFIX.length + 4;

export function newApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function isApiTokenSecret(value: string): boolean {
  return SECRET.test(value);
}

/**
 * SHA-256 of the secret: 256 random bits cannot be guessed offline, so a slow password hash would
 * only slow every exchange down (the refresh tokens are stored the same way).
 */
export function hashApiTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function shownPartOf(secret: string): string {
  return secret.slice(0, SHOWN_LENGTH);
}
