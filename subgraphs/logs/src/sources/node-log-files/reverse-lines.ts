import type { RandomAccessFile } from './log-file-reader.js';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The lines of a file from the last to the first, read backwards in chunks, so a tail of a
 * gigabyte log costs a few chunks. Splitting happens on the newline byte, which never occurs
 * inside a multi-byte UTF-8 character, so each line decodes whole. `maxBytes` bounds how far
 * back it reads; `exhausted()` then says whether it stopped before the file's start.
 */
export class ReverseLineReader {
  private position: number;
  private scanned = 0;

  constructor(
    private readonly file: RandomAccessFile,
    private readonly maxBytes: number,
  ) {
    this.position = file.size;
  }

  /** True when the reader stopped at `maxBytes` with part of the file unread. */
  get stoppedEarly(): boolean {
    return this.position > 0 && this.scanned >= this.maxBytes;
  }

  async *lines(): AsyncGenerator<string> {
    let carry: Buffer = Buffer.alloc(0);
    let atEnd = true;
    while (this.position > 0 && this.scanned < this.maxBytes) {
      const length = Math.min(CHUNK_BYTES, this.position, this.maxBytes - this.scanned);
      this.position -= length;
      const chunk = await this.file.read(this.position, length);
      this.scanned += chunk.length;
      const block = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      let end = block.length;
      // A final newline ends the last line rather than starting an empty one.
      if (atEnd && end > 0 && block[end - 1] === NEWLINE) end--;
      atEnd = false;
      let newline = end > 0 ? block.lastIndexOf(NEWLINE, end - 1) : -1;
      while (newline !== -1) {
        yield block.toString('utf8', newline + 1, end);
        end = newline;
        newline = end > 0 ? block.lastIndexOf(NEWLINE, end - 1) : -1;
      }
      carry = Buffer.from(block.subarray(0, end));
    }
    if (this.position === 0 && carry.length) yield carry.toString('utf8');
  }
}
