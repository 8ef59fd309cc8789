import type { GraphQLFormattedError } from 'graphql';
import { createErrorMasking, ErrorCode, passed, withRequestId, type ErrorMasking } from '@etl/kit';

/** The gateway's own errors (parse, validation, limits) know only the generic contract. */
const generic = createErrorMasking();

/**
 * True for an error a subgraph raised on purpose: it has a code, and the subgraph's masking
 * (which knows the subgraph's own codes and extensions) let it through. A failed call to the
 * subgraph carries the HTTP `response` or is marked unavailable instead, and an answer without
 * a code gets the gateway's DOWNSTREAM_SERVICE_ERROR.
 */
function isRaisedBySubgraph(formatted: GraphQLFormattedError): boolean {
  const extensions = formatted.extensions;
  const code = extensions?.code;
  return (
    typeof extensions?.serviceName === 'string' &&
    typeof code === 'string' &&
    code !== ErrorCode.INTERNAL_SERVER_ERROR &&
    code !== 'DOWNSTREAM_SERVICE_ERROR' &&
    extensions.response === undefined &&
    extensions.subgraphUnavailable === undefined
  );
}

/**
 * Apollo Server refuses a persisted query whose text does not match its hash with HTTP 400 but
 * no code (so INTERNAL_SERVER_ERROR), which masking would hide: it is the client's mistake.
 */
const APQ_HASH_MISMATCH = 'provided sha does not match query';

/**
 * The gateway's masking: subgraph errors keep their codes, messages and extensions (the
 * subgraph has masked them already, so the gateway need not know each subgraph's codes); a
 * subgraph that cannot be reached becomes a plain "unavailable" error naming the service,
 * without the URL or the connection error; anything else is masked.
 */
function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const serviceName = formatted.extensions?.serviceName;
  if (formatted.message === APQ_HASH_MISMATCH && serviceName === undefined) {
    return generic.maskError({ ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } });
  }
  if (typeof serviceName !== 'string') return generic.maskError(formatted);
  if (isRaisedBySubgraph(formatted)) return withRequestId(passed(formatted, publicExtensions(formatted)));
  return withRequestId({
    message: formatted.extensions?.subgraphUnavailable
      ? formatted.message
      : `The ${serviceName} service failed; other parts of the answer are intact`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, serviceName },
  });
}

/**
 * A subgraph's extensions as it sent them, less traces of code, which never leave the gateway even
 * when a subgraph runs in development mode or its masking has a bug (defence in depth).
 */
function publicExtensions(formatted: GraphQLFormattedError): Record<string, unknown> {
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = formatted.extensions ?? {};
  return rest;
}

export const gatewayErrorMasking: ErrorMasking = {
  isPublicError: (formatted) => isRaisedBySubgraph(formatted) || generic.isPublicError(formatted),
  maskError: formatGatewayError,
};
