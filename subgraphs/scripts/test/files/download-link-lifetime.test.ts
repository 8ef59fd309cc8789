import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkSigner } from '../../src/files/store/link-signature.js';
import { startScriptsStack, type ScriptsTestStack } from '../support/scripts-test-stack.js';

const SECRET = 'test-file-url-secret-of-32-characters!';
const TTL_SECONDS = 60;

/**
 * A download link lives at most FILE_URL_TTL_SECONDS: a link signed with the real secret but
 * ending later (one good until the year 5138 once worked) is refused through the gateway as a
 * forgery, whatever the signature says.
 */
describe('the lifetime of a download link', () => {
  let stack: ScriptsTestStack;
  let origin: string;
  // The stack's own secret: these links are genuinely signed, only their expiry is wrong.
  const signer = new LinkSigner(SECRET, { downloadSeconds: 10 * 365 * 24 * 3600, uploadSeconds: 10 * 365 * 24 * 3600 });
  const key = 'reports/missing.csv';
  const linkEndingIn = (seconds: number) => {
    const expires = Math.floor(Date.now() / 1000) + seconds;
    return `${origin}/files/reports/missing.csv?expires=${expires}&signature=${signer.sign(key, expires)}`;
  };

  beforeAll(async () => {
    stack = await startScriptsStack({ FILE_URL_SECRET: SECRET, FILE_URL_TTL_SECONDS: String(TTL_SECONDS) });
    origin = new URL(stack.gatewayUrl).origin;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts a link within the lifetime (the file is missing: 404, not 403)', async () => {
    const response = await fetch(linkEndingIn(TTL_SECONDS - 10));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'file not found' });
  });

  it('refuses a genuinely signed link that ends further ahead than FILE_URL_TTL_SECONDS', async () => {
    for (const seconds of [TTL_SECONDS + 120, 24 * 3600, 3000 * 365 * 24 * 3600]) {
      const response = await fetch(linkEndingIn(seconds));
      expect({ seconds, status: response.status, body: await response.json() }).toEqual({
        seconds,
        status: 403,
        body: { error: 'invalid signature' },
      });
    }
  });
});

describe('the lifetime of an upload link', () => {
  const lifetimes = { downloadSeconds: 60, uploadSeconds: 600 };
  const checker = new LinkSigner(SECRET, lifetimes);
  // A leaked secret or an old, longer setting: genuinely signed, only the expiry is too far.
  const minter = new LinkSigner(SECRET, { downloadSeconds: 1e9, uploadSeconds: 1e9 });
  const grantEndingIn = (seconds: number) => ({
    key: 'uploads/a.csv',
    size: 10,
    contentType: 'text/csv',
    expires: Math.floor(Date.now() / 1000) + seconds,
  });
  const check = (seconds: number) => {
    const grant = grantEndingIn(seconds);
    return checker.verifyUpload(grant.key, {
      expires: String(grant.expires),
      size: String(grant.size),
      type: grant.contentType,
      signature: minter.signUpload(grant),
    });
  };

  it('follows FILE_UPLOAD_TTL_SECONDS, not the download lifetime', () => {
    expect(check(500)).toBe('valid');
    expect(check(600 + 120)).toBe('invalid');
    expect(check(3000 * 365 * 24 * 3600)).toBe('invalid');
  });
});
