import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a download link's signature says: good, good but too late, or not ours at all. */
export type DownloadSignatureCheck = 'valid' | 'expired' | 'invalid';

const MIN_SECRET_BYTES = 32;
/** FILE_URL_TTL_SECONDS's default: the longest a link may live when the caller names no limit. */
const DEFAULT_MAX_LIFETIME_SECONDS = 900;
/**
 * Instances sign and check each other's links, and their clocks drift apart by a little: a link
 * may end this much later than the lifetime allows before it counts as forged.
 */
const CLOCK_SKEW_SECONDS = 60;
const EXPIRES = /^\d{1,12}$/;
// An HMAC-SHA256 is 32 bytes: 43 characters of unpadded base64url.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs and checks the local store's download links: an HMAC-SHA256 over `key\nexpires` (a key
 * has no control character, so the pair is unambiguous) with a secret every instance shares.
 */
export class DownloadSigner {
  private readonly secret: Buffer;

  /** `maxLifetimeSeconds` is FILE_URL_TTL_SECONDS: no link we sign ends later than that from now. */
  constructor(
    secret: string | Buffer,
    private readonly maxLifetimeSeconds = DEFAULT_MAX_LIFETIME_SECONDS,
  ) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new Error(`A download signing secret needs at least ${MIN_SECRET_BYTES} bytes`);
    }
  }

  /** The signature of `key` for a link that works until `expires` (Unix seconds). */
  sign(key: string, expires: number): string {
    return this.mac(key, String(expires)).toString('base64url');
  }

  /**
   * Checks the query parameters of a link. Anything malformed is `invalid`; the expiry is only
   * reported for a genuine signature, so `expired` never tells a forger anything. A link that
   * ends further ahead than the lifetime allows was never handed out by us (or by an instance
   * with a longer lifetime, since shortened): it is `invalid` too, so a leaked secret or an old
   * setting cannot mint links good for years.
   */
  verify(key: string, expires: unknown, signature: unknown, nowMs = Date.now()): DownloadSignatureCheck {
    if (typeof expires !== 'string' || !EXPIRES.test(expires)) return 'invalid';
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return 'invalid';
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(key, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const expiresMs = Number(expires) * 1000;
    if (expiresMs > nowMs + (this.maxLifetimeSeconds + CLOCK_SKEW_SECONDS) * 1000) return 'invalid';
    return expiresMs <= nowMs ? 'expired' : 'valid';
  }

  private mac(key: string, expires: string): Buffer {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}`).digest();
  }
}
