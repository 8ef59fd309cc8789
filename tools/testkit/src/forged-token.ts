import type { AccessTokenContent, AccessTokenSigner } from '@etl/kit';

/** Who a forged token speaks for: a signed-in test user (`TestStack.createUser`). */
export interface ForgedTokenUser {
  id: string;
  login: string;
  /** The token the users subgraph issued to the user: the forged one is dated no earlier. */
  accessToken: string;
}

/** Now, or the issue time of `token` when that lies ahead. */
function issuedAtOrLater(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
  return Math.max(Date.now(), payload.iat * 1000);
}

/**
 * A token for `user` with other permissions and datamodule accesses, signed with the stack's key
 * (`TestStack.signer`). Dated as the users subgraph dates the tokens it issues: giving the user a
 * role revoked every token issued before the next second, and the users subgraph dates new ones
 * past it, so a token forged within that second at `Date.now()` would be refused as revoked.
 */
export function forgeToken(
  signer: AccessTokenSigner,
  user: ForgedTokenUser,
  perms: string[],
  dm: AccessTokenContent['dm'] = {},
): string {
  return signer.sign({ sub: user.id, login: user.login, perms, dm }, issuedAtOrLater(user.accessToken)).token;
}
