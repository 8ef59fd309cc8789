import { hasUnstorableText } from '@etl/kit';

/**
 * Why a decoded result cannot be stored, or null when it can. It must be a plain object, and no
 * string or key in it may hold NUL or a lone surrogate: PostgreSQL's jsonb refuses both.
 */
export function resultProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the result is not a JSON object';
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: 'result' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: item, path } = next;
    if (typeof item === 'string') {
      const problem = stringProblem(item);
      if (problem) return `${shorten(path)} ${problem}`;
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => pending.push({ value: element, path: `${path}[${index}]` }));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        const problem = stringProblem(key);
        if (problem) return `a key of ${shorten(path)} ${problem}`;
        pending.push({ value: element, path: `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}` });
      }
    }
  }
  return null;
}

function stringProblem(text: string): string | null {
  return hasUnstorableText(text) ? 'holds a NUL character (\\u0000) or a lone surrogate, which cannot be stored' : null;
}

/** Paths of deeply nested values are cut: the message is stored with the run. */
function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
