import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerFromSettings, ConfigError } from '@etl/kit';
import { errorCodes, type TestUser } from '@etl/testkit';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

const MAX_LIFETIME_SECONDS = 1800;

/**
 * Tokens signed with the real key but missing a registered claim, issued in the future or
 * living longer than JWT_MAX_LIFETIME_SECONDS are refused through the gateway: a token without
 * `exp` once worked for ever.
 */
describe('the claims an access token must carry', () => {
  let stack: UsersTestStack;
  let user: TestUser;
  const now = () => Math.floor(Date.now() / 1000);

  /** Signs `claims` exactly as given (a JWT library would add `iat`), with the stack's key and `kid`. */
  const forge = (claims: Record<string, unknown>) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = `${part({ alg: 'RS256', typ: 'JWT', kid: stack.signer.publicJwk.kid })}.${part(claims)}`;
    return `${signed}.${createSign('RSA-SHA256').update(signed).sign(stack.signingKey).toString('base64url')}`;
  };

  const good = () => ({
    sub: user.id,
    login: user.login,
    perms: [],
    dm: {},
    iss: 'etl-platform',
    aud: 'etl-api',
    iat: now(),
    exp: now() + 600,
    jti: 'forged-but-well-signed',
  });

  beforeAll(async () => {
    stack = await startUsersStack({ JWT_MAX_LIFETIME_SECONDS: String(MAX_LIFETIME_SECONDS) });
    user = await stack.createUser();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts a well-formed token signed with the key (the control)', async () => {
    const response = await stack.operation('users', 'Me', { token: forge(good()) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.me?.login).toBe(user.login);
  });

  it('refuses a token missing exp, iat, sub, iss or aud', async () => {
    for (const claim of ['exp', 'iat', 'sub', 'iss', 'aud']) {
      const { [claim]: _dropped, ...claims } = good() as Record<string, unknown>;
      const response = await stack.operation('users', 'Me', { token: forge(claims) });
      expect({ claim, codes: errorCodes(response) }).toEqual({ claim, codes: ['UNAUTHENTICATED'] });
      expect(response.errors?.[0]?.message).toMatch(new RegExp(`${claim} claim|issuer|audience`));
    }
  });

  it('refuses a token living longer than JWT_MAX_LIFETIME_SECONDS, or issued in the future', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['year 5138', { exp: 99_999_999_999 }, /lifetime longer than 1800 seconds/],
      ['one second too long', { exp: now() + MAX_LIFETIME_SECONDS + 1 }, /lifetime longer than 1800 seconds/],
      ['issued in an hour', { iat: now() + 3600, exp: now() + 3700 }, /issued in the future/],
      ['string exp', { exp: String(now() + 60) }, /exp/],
    ];
    for (const [name, change, message] of cases) {
      const response = await stack.operation('users', 'Me', { token: forge({ ...good(), ...change }) });
      expect({ name, codes: errorCodes(response) }).toEqual({ name, codes: ['UNAUTHENTICATED'] });
      expect(response.errors?.[0]?.message).toMatch(message);
    }
  });

  it('will not start issuing tokens that the verifiers would refuse', () => {
    const settings = {
      JWT_PRIVATE_KEY: stack.signingKey,
      JWT_ISSUER: 'etl-platform',
      JWT_AUDIENCE: 'etl-api',
      JWT_MAX_LIFETIME_SECONDS: 900,
      ACCESS_TOKEN_TTL_SECONDS: 901,
    };
    expect(() => signerFromSettings(settings)).toThrow(ConfigError);
    expect(() => signerFromSettings(settings)).toThrow(/ACCESS_TOKEN_TTL_SECONDS: at most JWT_MAX_LIFETIME_SECONDS/);
  });
});
