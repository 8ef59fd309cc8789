import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { currentRequestId } from '../context/request-id.js';
import { ErrorCode } from './errors.js';

/**
 * Codes whose messages are written for the caller: the contract's own, plus the ones Apollo
 * Server gives to malformed requests (parse and validation failures, bad variables).
 */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Extensions that are safe to show, each set by an AppError on purpose (`reason` and `line` of
 * INVALID_SCRIPT, `limitBytes` of PAYLOAD_TOO_LARGE, `logicalPath` of an existing script); the
 * gateway's `response` (URLs, bodies) and stack traces are not.
 */
const PUBLIC_EXTENSIONS = [
  'code',
  'field',
  'retryAfterSeconds',
  'requestId',
  'serviceName',
  'reason',
  'line',
  'limitBytes',
  'logicalPath',
];

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** True when an error was raised on purpose and its message may be shown as it is. */
export function isPublicError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

function pickExtensions(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSIONS) {
    if (extensions?.[key] !== undefined) picked[key] = extensions[key];
  }
  return picked;
}

/**
 * Apollo Server's `formatError`: errors thrown on purpose pass through, argument validation
 * becomes one readable BAD_USER_INPUT, and anything else is replaced by a generic
 * INTERNAL_SERVER_ERROR so that SQL, stack traces, paths and secrets never reach a client.
 * (The original is logged with its stack by the request logging plugin.)
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return withRequestId(maskWithoutRequestId(formatted, error));
}

/** Adds the current request's id to an error's extensions (every error carries it). */
export function withRequestId(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentRequestId();
  return requestId ? { ...formatted, extensions: { ...formatted.extensions, requestId } } : formatted;
}

function maskWithoutRequestId(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const reasons = original.extensions.validationErrors?.flatMap((e) => Object.values(e.constraints ?? {}));
    return {
      message: reasons?.length ? reasons.join('; ') : 'Invalid arguments',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  if (isPublicError(formatted)) {
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: pickExtensions(formatted.extensions),
    };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
