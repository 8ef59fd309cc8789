import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccessTokenSigner,
  AccessTokenVerifier,
  AuthenticationError,
  buildRequestContext,
  createLogger,
  RevocationList,
  toJwks,
  VerifiedTokenCache,
  type RevocationSnapshot,
} from '@etl/kit';

const audience = { issuer: 'etl-platform', audience: 'etl-api' };
const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const signer = new AccessTokenSigner(privatePem, audience, 900);
const content = { sub: '2b1c5c5e-1f0a-4d0e-9a55-6a4b8d3c2e10', login: 'alice', perms: ['scripts:read'], dm: {} };

function verifierWith(cache: VerifiedTokenCache): AccessTokenVerifier {
  const keys = AccessTokenVerifier.fromJwks(toJwks([signer.publicJwk]), audience).keys;
  return new AccessTokenVerifier(keys, audience, undefined, cache);
}

/** The message of the one UNAUTHENTICATED error `token` is refused with (one call to verify). */
function rejection(verifier: AccessTokenVerifier, token: string): string {
  let refusal: unknown = null;
  try {
    verifier.verify(token);
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(AuthenticationError);
  expect(refusal).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  return (refusal as Error).message;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('verified tokens are remembered', () => {
  it('checks the signature of a token once, then answers its claims from memory', () => {
    const signatureChecks = vi.spyOn(jwt, 'verify');
    const verifier = verifierWith(new VerifiedTokenCache());
    const { token } = signer.sign(content);
    const first = verifier.verify(token);
    const again = verifier.verify(token);
    expect(again).toEqual(first);
    expect(again).toMatchObject(content);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('still refuses a remembered token once it expired, and forgets it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new VerifiedTokenCache();
    const verifier = verifierWith(cache);
    const { token, expiresAt } = signer.sign(content);
    verifier.verify(token);
    vi.setSystemTime(expiresAt.getTime() + 4_000);
    expect(verifier.verify(token).sub).toBe(content.sub);
    vi.setSystemTime(expiresAt.getTime() + 6_000);
    expect(rejection(verifier, token)).toBe('Invalid access token: token expired');
    expect(cache.size).toBe(0);
    expect(rejection(verifier, token)).toBe('Invalid access token: token expired');
  });

  it('keeps no token that failed: a forgery pays the full check each time and takes no room', () => {
    const signatureChecks = vi.spyOn(jwt, 'verify');
    const cache = new VerifiedTokenCache();
    const verifier = verifierWith(cache);
    const [header, payload] = signer.sign(content).token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;
    expect(rejection(verifier, forged)).toMatch(/signature/);
    expect(rejection(verifier, forged)).toMatch(/signature/);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });

  it('holds at most its size, dropping the least recently used token', () => {
    const signatureChecks = vi.spyOn(jwt, 'verify');
    const cache = new VerifiedTokenCache(2);
    const verifier = verifierWith(cache);
    const [a, b, c] = [1, 2, 3].map(() => signer.sign(content).token) as [string, string, string];
    verifier.verify(a);
    verifier.verify(b);
    verifier.verify(a);
    verifier.verify(c);
    expect(cache.size).toBe(2);
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    verifier.verify(a);
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    verifier.verify(b);
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });

  it('hands out claims no request can change for the next one', () => {
    const verifier = verifierWith(new VerifiedTokenCache());
    const { token } = signer.sign(content);
    const claims = verifier.verify(token);
    expect(() => (claims.perms as string[]).push('*')).toThrow(TypeError);
    expect(() => Object.assign(claims, { sub: 'someone-else' })).toThrow(TypeError);
    expect(verifier.verify(token)).toMatchObject(content);
  });

  it('checks a remembered token against the revocation list on every request', async () => {
    const verifier = verifierWith(new VerifiedTokenCache());
    const { token } = signer.sign(content);
    let snapshot: RevocationSnapshot = { users: {}, sessions: {} };
    const revocations = new RevocationList(() => Promise.resolve(snapshot), 5, createLogger('probe', 'silent'));
    await revocations.refresh();
    const contextFor = () =>
      buildRequestContext({
        requestId: 'r',
        headers: { authorization: `Bearer ${token}` },
        socketAddress: '127.0.0.1',
        gatewaySecret: undefined,
        verifier,
        revocations,
        logger: createLogger('probe', 'silent'),
      });
    expect(contextFor().caller?.id).toBe(content.sub);
    snapshot = { users: { [content.sub]: Math.floor(Date.now() / 1000) + 1 }, sessions: {} };
    await revocations.refresh();
    const revoked = contextFor();
    expect(revoked.caller).toBeNull();
    expect(revoked.authError?.message).toBe('Invalid access token: token revoked');
  });
});
