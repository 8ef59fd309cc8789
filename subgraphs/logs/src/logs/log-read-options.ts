import { UserInputError } from '@etl/kit';
import type { LineFilter } from '../sources/log-source.js';
import { parseGrep } from './log-filter.js';

/** The limits every read is held to (from the LOGS_* settings). */
export interface LogLimits {
  defaultLines: number;
  maxLines: number;
  maxBytes: number;
}

/** The caller's reading options, as the queries take them. */
export interface LogReadArgs {
  tailLines?: number | null;
  sinceSeconds?: number | null;
  sinceTime?: Date | null;
  limitBytes?: number | null;
  grep?: string | null;
}

export interface LogReadOptions {
  tailLines: number;
  sinceSeconds: number | undefined;
  sinceTime: Date | undefined;
  limitBytes: number;
  filter: LineFilter | null;
}

/**
 * Checks the options and fills in the defaults. Out-of-range values are refused rather than
 * clamped, so that an answer never silently holds less than was asked: `tailLines` and
 * `limitBytes` from 1 to their maximum (default: LOGS_DEFAULT_LINES lines, LOGS_MAX_BYTES bytes),
 * `sinceSeconds` at least 1, and at most one of `sinceSeconds` and `sinceTime`, as in Kubernetes.
 */
export function resolveReadOptions(args: LogReadArgs, limits: LogLimits, now = new Date()): LogReadOptions {
  const tailLines = inRange(args.tailLines, 'tailLines', limits.maxLines) ?? limits.defaultLines;
  const limitBytes = inRange(args.limitBytes, 'limitBytes', limits.maxBytes) ?? limits.maxBytes;
  const sinceSeconds = args.sinceSeconds ?? undefined;
  if (sinceSeconds !== undefined && sinceSeconds < 1) {
    throw new UserInputError('sinceSeconds must be at least 1', 'sinceSeconds');
  }
  const givenSinceTime = args.sinceTime ?? undefined;
  if (sinceSeconds !== undefined && givenSinceTime !== undefined) {
    throw new UserInputError('Give sinceSeconds or sinceTime, not both', 'sinceTime');
  }
  const sinceTime = sinceSeconds !== undefined ? new Date(now.getTime() - sinceSeconds * 1000) : givenSinceTime;
  return { tailLines, sinceSeconds, sinceTime, limitBytes, filter: parseGrep(args.grep) };
}

function inRange(value: number | null | undefined, field: string, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 1) throw new UserInputError(`${field} must be at least 1 (got ${value})`, field);
  if (value > max) throw new UserInputError(`${field} must be at most ${max} (got ${value})`, field);
  return value;
}
