import { hasControlCharacter, UserInputError } from '@etl/kit';

export const MAX_NAME_LENGTH = 255;
/** The name rule as the schema states it, from the limits nameProblem applies. */
export const NAME_RULE = `1–${MAX_NAME_LENGTH} characters, no \`/\`, \`\\\` or control characters, not \`.\` or \`..\``;
export const MAX_DISPLAY_NAME_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 10_000;

/**
 * Why a folder or script name is unacceptable, or null. Names become path segments joined with
 * `/`, so `/`, `\`, `.` and `..` would make paths ambiguous; they are never resolved against a
 * file system, but a client or operator might do so.
 */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters (got ${length})`;
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (name.includes('/') || name.includes('\\')) return 'must not contain "/" or "\\"';
  if (hasControlCharacter(name)) return 'must not contain control characters';
  if (name.trim() !== name) return 'must not start or end with whitespace';
  return null;
}

/** A folder name from a caller; BAD_USER_INPUT naming the problem otherwise. */
export function checkFolderName(name: string, field = 'name'): string {
  const problem = nameProblem(name);
  if (problem) throw new UserInputError(`Folder name ${problem}`, field);
  return name;
}

/** A script's file name: a valid name ending in `.py` with something before it. */
export function checkScriptName(name: string, field = 'name'): string {
  const problem = nameProblem(name);
  if (problem) throw new UserInputError(`Script name ${problem}`, field);
  if (!name.endsWith('.py') || name.length < 4) {
    throw new UserInputError('Script name must end in ".py" (for example "analysis.py")', field);
  }
  return name;
}

/** `parent/child` from a parent's path (null at the root) and a name. */
export function joinPath(parentPath: string | null, name: string): string {
  return parentPath ? `${parentPath}/${name}` : name;
}

/** A logical path from a caller (`geology/analysis.py`), checked segment by segment. */
export function checkLogicalPath(path: string, field = 'path'): string {
  const segments = path.split('/');
  segments.slice(0, -1).forEach((segment) => {
    const problem = nameProblem(segment);
    if (problem) throw new UserInputError(`Path segment ${JSON.stringify(segment)} ${problem}`, field);
  });
  checkScriptName(segments[segments.length - 1]!, field);
  return path;
}

/** Optional free text (display names, descriptions): a length cap, and no control characters but tab and newlines. */
export function checkText(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length > maxLength) throw new UserInputError(`${field} must be at most ${maxLength} characters`, field);
  if (hasControlCharacter(value, { allowLineBreaks: true })) {
    throw new UserInputError(`${field} must not contain control characters`, field);
  }
  return value;
}

/** Paths are unique B-tree keys, whose entries PostgreSQL caps near 2.7 kB: paths stay well under. */
export const MAX_PATH_BYTES = 2048;

export function checkPathLength(path: string, field: string): string {
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) {
    throw new UserInputError(`The path would be longer than ${MAX_PATH_BYTES} bytes`, field);
  }
  return path;
}
