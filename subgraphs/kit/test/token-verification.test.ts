import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AccessTokenSigner, AccessTokenVerifier, AuthenticationError, toJwks, toPublicJwk } from '@etl/kit';

const audience = { issuer: 'etl-platform', audience: 'etl-api' };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const signer = new AccessTokenSigner(privatePem, audience, 900);
const verifier = AccessTokenVerifier.fromJwks(toJwks([signer.publicJwk]), audience);
const content = {
  sub: '2b1c5c5e-1f0a-4d0e-9a55-6a4b8d3c2e10',
  login: 'alice',
  perms: ['scripts:read'],
  dm: { dm1: ['WRITE' as const] },
};

function rejection(token: string): string {
  try {
    verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).extensions.code).toBe('UNAUTHENTICATED');
    return (error as Error).message;
  }
  throw new Error('token was accepted');
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('access token verification', () => {
  it('accepts a token signed by a listed key, with its claims', () => {
    const claims = verifier.verify(signer.sign(content).token);
    expect(claims).toMatchObject({ ...content, iss: 'etl-platform', aud: 'etl-api' });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('rejects alg none', () => {
    const token = `${b64({ alg: 'none', typ: 'JWT', kid: signer.publicJwk.kid })}.${b64({ ...content, iss: 'etl-platform', aud: 'etl-api', exp: now() + 60, jti: 'x' })}.`;
    expect(rejection(token)).toMatch(/algorithm none/);
  });

  it('rejects an HS256 token whose secret is the public key', () => {
    const token = jwt.sign({ ...content, jti: 'x' }, publicPem, {
      algorithm: 'HS256',
      keyid: signer.publicJwk.kid,
      issuer: audience.issuer,
      audience: audience.audience,
      expiresIn: 60,
    });
    expect(rejection(token)).toMatch(/algorithm HS256/);
  });

  it('rejects an expired token', () => {
    const { token } = signer.sign(content, Date.now() - 3600_000);
    expect(rejection(token)).toMatch(/expired/);
  });

  it('rejects a wrong issuer and a wrong audience', () => {
    const other = (expected: { issuer: string; audience: string }) =>
      new AccessTokenSigner(privatePem, expected, 900).sign(content).token;
    expect(rejection(other({ issuer: 'someone-else', audience: 'etl-api' }))).toMatch(/issuer/);
    expect(rejection(other({ issuer: 'etl-platform', audience: 'another-api' }))).toMatch(/audience/);
  });

  it('rejects a tampered payload', () => {
    const [header, , signature] = signer.sign(content).token.split('.');
    const forged = `${header}.${b64({ ...content, perms: ['*'], iss: 'etl-platform', aud: 'etl-api', iat: now(), exp: now() + 600, jti: 'x' })}.${signature}`;
    expect(rejection(forged)).toMatch(/signature/);
  });

  it('rejects an unknown kid and a token signed by another key under a known kid', () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(rejection(new AccessTokenSigner(stranger, audience, 900).sign(content).token)).toMatch(
      /unknown signing key/,
    );
    expect(rejection(new AccessTokenSigner(stranger, audience, 900, signer.publicJwk.kid).sign(content).token)).toMatch(
      /signature/,
    );
  });

  it('rejects garbage and claims of the wrong shape', () => {
    expect(rejection('not-a-jwt')).toMatch(/malformed/);
    const token = jwt.sign({ sub: 'x', login: 'a', perms: 'scripts:read', dm: {}, jti: 'x' }, privatePem, {
      algorithm: 'RS256',
      keyid: signer.publicJwk.kid,
      issuer: audience.issuer,
      audience: audience.audience,
      expiresIn: 60,
    });
    expect(rejection(token)).toMatch(/claims/);
  });

  it('verifies with any key of a rotated key set', () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const nextSigner = new AccessTokenSigner(next.export({ type: 'pkcs8', format: 'pem' }) as string, audience, 900);
    const both = AccessTokenVerifier.fromJwks(toJwks([signer.publicJwk, toPublicJwk(nextSigner.publicKey)]), audience);
    expect(both.verify(signer.sign(content).token).sub).toBe(content.sub);
    expect(both.verify(nextSigner.sign(content).token).sub).toBe(content.sub);
  });

  it('refuses a JWKS that publishes a private key or is not a JWKS', () => {
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k' };
    expect(() => AccessTokenVerifier.fromJwks(JSON.stringify({ keys: [privateJwk] }), audience)).toThrow(/private key/);
    expect(() => AccessTokenVerifier.fromJwks('{"keys":[]}', audience)).toThrow(/at least one key/);
    expect(() => AccessTokenVerifier.fromJwks('-----BEGIN PUBLIC KEY-----', audience)).toThrow(/not valid JSON/);
  });
});
