import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link's signature says: good, good but too late, or not ours at all. */
export type LinkCheck = 'valid' | 'expired' | 'invalid';

/** What an upload link grants: one key, one size, one content type, until it expires. */
export interface UploadGrant {
  key: string;
  /** Exactly this many bytes. */
  size: number;
  contentType: string;
  /** Unix seconds. */
  expires: number;
}

const MIN_SECRET_BYTES = 32;
/** The longest a link of each kind may live: FILE_URL_TTL_SECONDS and FILE_UPLOAD_TTL_SECONDS. */
export interface LinkLifetimes {
  downloadSeconds: number;
  uploadSeconds: number;
}
const DEFAULT_LIFETIMES: LinkLifetimes = { downloadSeconds: 900, uploadSeconds: 3600 };
/**
 * Instances sign and check each other's links, and their clocks drift apart by a little: a link
 * may end this much later than the lifetime allows before it counts as forged.
 */
const CLOCK_SKEW_SECONDS = 60;
const EXPIRES = /^\d{1,12}$/;
// An HMAC-SHA256 is 32 bytes: 43 characters of unpadded base64url.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs and checks the local store's links with a secret every instance shares: downloads as an
 * HMAC-SHA256 over `key\nexpires`, uploads over `upload\nkey\nexpires\nsize\ncontentType`. No
 * field can hold a control character (keys and content types refuse them), so each text has
 * one reading, and a download's two lines can never be read as an upload's five.
 */
export class LinkSigner {
  private readonly secret: Buffer;

  /** No link we sign lives longer than `lifetimes` allows for its kind. */
  constructor(
    secret: string | Buffer,
    private readonly lifetimes: LinkLifetimes = DEFAULT_LIFETIMES,
  ) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new Error(`A link signing secret needs at least ${MIN_SECRET_BYTES} bytes`);
    }
  }

  /** The signature of `key` for a download link that works until `expires` (Unix seconds). */
  sign(key: string, expires: number): string {
    return this.mac([key, String(expires)]).toString('base64url');
  }

  /**
   * Checks the query parameters of a download link. Anything malformed is `invalid`; the expiry
   * is only reported for a genuine signature, so `expired` never tells a forger anything. A link
   * that ends further ahead than the lifetime allows was never handed out by us (or by an
   * instance with a longer lifetime, since shortened): it is `invalid` too, so a leaked secret or
   * an old setting cannot mint links good for years.
   */
  verify(key: string, expires: unknown, signature: unknown, nowMs = Date.now()): LinkCheck {
    if (typeof expires !== 'string' || !EXPIRES.test(expires)) return 'invalid';
    return this.check([key, expires], expires, signature, this.lifetimes.downloadSeconds, nowMs);
  }

  /** The signature of an upload link for `grant`. */
  signUpload(grant: UploadGrant): string {
    return this.mac(uploadFields(grant.key, String(grant.expires), String(grant.size), grant.contentType)).toString(
      'base64url',
    );
  }

  /** Checks an upload link's parameters as `verify` does a download's; `size` is a decimal string. */
  verifyUpload(
    key: string,
    query: { expires?: string; size?: string; type?: string; signature?: string },
    nowMs = Date.now(),
  ): LinkCheck {
    const { expires, size, type } = query;
    if (expires === undefined || !EXPIRES.test(expires)) return 'invalid';
    if (size === undefined || !/^\d{1,16}$/.test(size) || type === undefined) return 'invalid';
    return this.check(
      uploadFields(key, expires, size, type),
      expires,
      query.signature,
      this.lifetimes.uploadSeconds,
      nowMs,
    );
  }

  private check(
    fields: string[],
    expires: string,
    signature: unknown,
    lifetimeSeconds: number,
    nowMs: number,
  ): LinkCheck {
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return 'invalid';
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(fields);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const expiresMs = Number(expires) * 1000;
    if (expiresMs > nowMs + (lifetimeSeconds + CLOCK_SKEW_SECONDS) * 1000) return 'invalid';
    return expiresMs <= nowMs ? 'expired' : 'valid';
  }

  private mac(fields: string[]): Buffer {
    return createHmac('sha256', this.secret).update(fields.join('\n')).digest();
  }
}

function uploadFields(key: string, expires: string, size: string, contentType: string): string[] {
  return ['upload', key, expires, size, contentType];
}
