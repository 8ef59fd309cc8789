import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isPublicError, maskError, withRequestId } from '@etl/kit';

/**
 * The gateway's masking: subgraph errors keep their contract codes and messages (the subgraph
 * has masked them already); a subgraph that cannot be reached becomes a plain "unavailable"
 * error naming the service, without the URL or the connection error; anything else is masked.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const serviceName = formatted.extensions?.serviceName;
  if (typeof serviceName === 'string' && !isPublicError(formatted)) {
    return withRequestId({
      message: formatted.extensions?.subgraphUnavailable
        ? formatted.message
        : `The ${serviceName} service failed; other parts of the answer are intact`,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, serviceName },
    });
  }
  return maskError(formatted, error);
}
