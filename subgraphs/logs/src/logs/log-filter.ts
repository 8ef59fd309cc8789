import { UserInputError } from '@etl/kit';
import { RE2JS, RE2JSException } from 're2js';
import type { LineFilter } from '../sources/log-source.js';

/** Longer patterns are refused: they cost memory to compile and are never needed to find a line. */
export const MAX_GREP_LENGTH = 256;

/** `/regex/` or `/regex/i`; anything else is a plain substring. */
const REGEX_FORM = /^\/(.*)\/(i?)$/s;

/**
 * The `grep` argument as a filter: a case-sensitive substring, or a regular expression between
 * slashes run by RE2 (re2js), whose matching time is linear in the line's length whatever the
 * pattern, so `/(a+)+$/` cannot stall the service as it would with JavaScript's backtracking
 * RegExp. RE2 has no backreferences or lookaheads; such a pattern is BAD_USER_INPUT.
 */
export function parseGrep(grep: string | null | undefined, field = 'grep'): LineFilter | null {
  if (grep === null || grep === undefined || grep === '') return null;
  if (grep.length > MAX_GREP_LENGTH) {
    throw new UserInputError(`${field} is longer than ${MAX_GREP_LENGTH} characters`, field);
  }
  const regex = REGEX_FORM.exec(grep);
  if (!regex) return { test: (message) => message.includes(grep), substring: grep };
  const [, pattern, flags] = regex;
  if (!pattern) throw new UserInputError(`${field} has an empty regular expression`, field);
  try {
    const compiled = RE2JS.compile(pattern, flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0);
    return { test: (message) => compiled.test(message) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new UserInputError(`${field} is not a valid regular expression (RE2 syntax): ${error.message}`, field);
  }
}
