import { PayloadTooLargeError, UserInputError } from '@etl/kit';
import { assertFileKey, fileBaseName } from '../files/file-keys.js';

/** Input files one run may take; each becomes `in/<name>` in the run folder. */
export const MAX_INPUT_FILES = 50;

/**
 * `input` must be a JSON object (null or absent is `{}`) no larger than the limit, in bytes of
 * its JSON. The kit's input guard has refused unstorable text (in keys too) and deep nesting.
 */
export function checkRunInput(input: unknown, limitBytes: number): Record<string, unknown> {
  if (input === null || input === undefined) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    const kind = Array.isArray(input) ? 'an array' : typeof input;
    throw new UserInputError(`input must be a JSON object (main receives it as a dict); got ${kind}`, 'input');
  }
  const size = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (size > limitBytes) throw PayloadTooLargeError.field('input', size, limitBytes);
  return input as Record<string, unknown>;
}

/** File keys: valid, at most MAX_INPUT_FILES, and no two with the same name in `in/`. */
export function checkRunFiles(files: readonly string[] | null | undefined): string[] {
  if (!files?.length) return [];
  if (files.length > MAX_INPUT_FILES) {
    throw new UserInputError(`files: at most ${MAX_INPUT_FILES} files per run; got ${files.length}`, 'files');
  }
  const byName = new Map<string, string>();
  for (const key of files) {
    assertFileKey(key, 'files');
    const name = fileBaseName(key);
    const clash = byName.get(name);
    if (clash !== undefined) {
      throw new UserInputError(
        `files: ${JSON.stringify(clash)} and ${JSON.stringify(key)} would both be in/${name}`,
        'files',
      );
    }
    byName.set(name, key);
  }
  return [...files];
}

export function checkRunVersion(version: number | null | undefined): number | null {
  if (version === null || version === undefined) return null;
  if (!Number.isInteger(version) || version < 1) throw new UserInputError('version must be 1 or more', 'version');
  return version;
}
