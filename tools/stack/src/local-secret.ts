import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A random secret: 32 bytes, URL- and shell-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes a secret readable by its owner only (0600), in a folder only its owner enters (0700). */
export function storeLocalSecret(path: string, value: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, value, { mode: 0o600 });
}

/**
 * A random secret made on the first start and kept in the data folder, so that what it signs
 * (download links) or opens (database roles) still works after a restart.
 */
export function ensureLocalSecret(path: string): string {
  if (!existsSync(path)) storeLocalSecret(path, newSecret());
  return readFileSync(path, 'utf8').trim();
}
