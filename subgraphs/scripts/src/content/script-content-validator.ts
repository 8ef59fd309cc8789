import { PayloadTooLargeError } from '@etl/kit';
import type { PythonSyntaxChecker } from './python-syntax-checker.js';

/** The rules script content must meet before it is stored: a size cap, then Python's own parser. */
export class ScriptContentValidator {
  constructor(
    private readonly checker: PythonSyntaxChecker,
    readonly maxBytes: number,
  ) {}

  async validate(content: string, field = 'content'): Promise<void> {
    const size = Buffer.byteLength(content, 'utf8');
    if (size > this.maxBytes) throw PayloadTooLargeError.field(field, size, this.maxBytes);
    await this.checker.check(content);
  }
}
