import type { GraphQLFormattedError } from 'graphql';
import { currentRequestId } from '../context/request-id.js';
import { ErrorCode } from './errors.js';

/**
 * What a subgraph adds to the public error contract: the codes of its own AppErrors and the
 * extensions they set on purpose (the kit knows only the generic ones).
 */
export interface PublicErrorContract {
  codes: readonly string[];
  extensions: readonly string[];
}

/**
 * The generic contract: the kit's codes, plus the ones Apollo Server gives to malformed requests
 * (parse and validation failures, bad variables), and the extensions the kit's errors set
 * (`field`, `retryAfterSeconds`, `limitBytes`) or the servers add; the gateway's `response`
 * (URLs, bodies) and stack traces are not public.
 */
const GENERIC_CONTRACT: PublicErrorContract = {
  codes: [
    ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
    'BAD_REQUEST',
    'OPERATION_RESOLUTION_FAILURE',
    'PERSISTED_QUERY_NOT_FOUND',
    'PERSISTED_QUERY_NOT_SUPPORTED',
  ],
  extensions: ['code', 'field', 'retryAfterSeconds', 'requestId', 'serviceName', 'limitBytes'],
};

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export type ErrorFormatter = (formatted: GraphQLFormattedError) => GraphQLFormattedError;

/** A server's masking: which errors may be shown, and Apollo Server's `formatError`. */
export interface ErrorMasking {
  /** True when an error was raised on purpose and its message may be shown as it is. */
  isPublicError(formatted: GraphQLFormattedError): boolean;
  /**
   * Apollo Server's `formatError`: errors thrown on purpose pass through with their public
   * extensions, and anything else is replaced by a generic INTERNAL_SERVER_ERROR so that SQL, stack traces, paths and secrets
   * never reach a client. (The original is logged with its stack by the request logging plugin.)
   */
  maskError: ErrorFormatter;
}

/** The masking of the generic contract extended by a subgraph's own codes and extensions. */
export function createErrorMasking(own: PublicErrorContract = { codes: [], extensions: [] }): ErrorMasking {
  const codes = new Set<string>([...GENERIC_CONTRACT.codes, ...own.codes]);
  const extensions = [...new Set([...GENERIC_CONTRACT.extensions, ...own.extensions])];
  const isPublicError = (formatted: GraphQLFormattedError): boolean => {
    const code = formatted.extensions?.code;
    return typeof code === 'string' && codes.has(code);
  };
  const pickExtensions = (given: GraphQLFormattedError['extensions']): Record<string, unknown> => {
    const picked: Record<string, unknown> = {};
    for (const key of extensions) {
      if (given?.[key] !== undefined) picked[key] = given[key];
    }
    return picked;
  };
  const mask = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (isPublicError(formatted)) return passed(formatted, pickExtensions(formatted.extensions));
    return {
      message: INTERNAL_ERROR_MESSAGE,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
  return { isPublicError, maskError: (formatted) => withRequestId(mask(formatted)) };
}

/** An error shown as it is, with the given extensions only (no stack, no originalError). */
export function passed(formatted: GraphQLFormattedError, extensions: Record<string, unknown>): GraphQLFormattedError {
  return {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}

/** Adds the current request's id to an error's extensions (every error carries it). */
export function withRequestId(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentRequestId();
  return requestId ? { ...formatted, extensions: { ...formatted.extensions, requestId } } : formatted;
}
