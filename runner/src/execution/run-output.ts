import { toStorableText } from '@etl/kit';

/**
 * One output stream of a run (stdout or stderr) as text, keeping at most `limitBytes` bytes.
 * Decoded as it arrives with a streaming decoder, so a character split across two chunks survives;
 * invalid UTF-8 becomes U+FFFD, and so does NUL, which PostgreSQL text cannot hold.
 */
export class CappedOutput {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private readonly parts: string[] = [];
  private kept = 0;
  private cut = false;

  constructor(private readonly limitBytes: number) {}

  /** True once the stream went past the limit: the run is stopped then. */
  get truncated(): boolean {
    return this.cut;
  }

  /** Keeps what fits; returns false when this chunk went past the limit. */
  write(chunk: Buffer): boolean {
    if (this.cut) return false;
    const room = this.limitBytes - this.kept;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.parts.push(this.decoder.decode(kept, { stream: true }));
    this.kept += kept.length;
    if (kept.length < chunk.length) this.cut = true;
    return !this.cut;
  }

  /** Bytes kept so far: a cheap way to tell that something new arrived. */
  get size(): number {
    return this.kept;
  }

  /** The last `characters` of what arrived so far, while the run goes on (its live tail). */
  tail(characters: number): string {
    let text = '';
    for (let index = this.parts.length - 1; index >= 0 && text.length < characters; index--) {
      text = this.parts[index] + text;
    }
    return toStorableText(text.length > characters ? text.slice(text.length - characters) : text);
  }

  text(): string {
    const text = toStorableText(this.parts.join('') + this.decoder.decode());
    return this.cut ? `${text}\n[output truncated: the script wrote more than ${this.limitBytes} bytes]` : text;
  }
}

/** The bytes of the reply channel (fd 3), up to a limit; past it the reply counts as too large. */
export class CappedBytes {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(private readonly limitBytes: number) {}

  write(chunk: Buffer): void {
    if (this.overflowed) return;
    this.size += chunk.length;
    if (this.size > this.limitBytes) {
      this.overflowed = true;
      this.chunks.length = 0;
    } else this.chunks.push(chunk);
  }

  /** Null when more than the limit arrived. */
  bytes(): Buffer | null {
    return this.overflowed ? null : Buffer.concat(this.chunks);
  }
}
