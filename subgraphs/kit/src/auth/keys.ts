import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The only signature algorithm access tokens may use; verification pins it. */
export const ACCESS_TOKEN_ALGORITHM = 'RS256';

export interface PublicJwk extends JsonWebKey {
  kid: string;
  kty: string;
  alg: typeof ACCESS_TOKEN_ALGORITHM;
  use: 'sig';
}

/** RFC 7638 thumbprint: a stable key id derived from the public key itself. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function toPublicJwk(key: KeyObject, kid?: string): PublicJwk {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA') throw new Error(`Signing keys must be RSA keys (got ${String(jwk.kty)})`);
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: kid ?? jwkThumbprint(jwk), alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
}

/**
 * Parses a JWKS document into public keys by `kid`. Several keys may be listed so that tokens
 * signed with a retired key stay valid while a new one rolls out.
 */
export function parsePublicKeySet(jwks: string): Map<string, KeyObject> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    throw new Error('JWT_PUBLIC_KEYS is not valid JSON: expected a JWKS document {"keys":[...]}');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error('JWT_PUBLIC_KEYS must be a JWKS document with at least one key in "keys"');
  }
  const byKid = new Map<string, KeyObject>();
  for (const [index, jwk] of keys.entries()) {
    if (typeof jwk !== 'object' || jwk === null) throw new Error(`JWT_PUBLIC_KEYS key ${index} is not an object`);
    const { kid, kty, d } = jwk as { kid?: unknown; kty?: unknown; d?: unknown };
    if (typeof kid !== 'string' || kid === '') throw new Error(`JWT_PUBLIC_KEYS key ${index} has no "kid"`);
    if (kty !== 'RSA') throw new Error(`JWT_PUBLIC_KEYS key ${kid} is not an RSA key`);
    if (d !== undefined) throw new Error(`JWT_PUBLIC_KEYS key ${kid} is a private key: publish public keys only`);
    byKid.set(kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  }
  return byKid;
}

export function toJwks(keys: PublicJwk[]): string {
  return JSON.stringify({ keys });
}

export interface LocalKeyPair {
  privateKeyPem: string;
  kid: string;
  jwks: string;
}

/**
 * Generates an RSA signing key once into `dir` (`jwt-signing-key.pem`, mode 0600) and reuses it
 * later, writing its public JWKS beside it (`jwks.json`). The local stack keeps tokens valid
 * across restarts with it; docker-compose makes its keys volume with it.
 */
export function ensureLocalKeyPair(dir: string): LocalKeyPair {
  const path = join(dir, 'jwt-signing-key.pem');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKeyPem = readFileSync(path, 'utf8');
  const jwk = toPublicJwk(createPublicKey(privateKeyPem));
  const jwks = toJwks([jwk]);
  // The public half beside it, for services that only verify (JWT_PUBLIC_KEYS_FILE).
  writeFileSync(join(dir, 'jwks.json'), `${jwks}\n`, { mode: 0o644 });
  return { privateKeyPem, kid: jwk.kid, jwks };
}
