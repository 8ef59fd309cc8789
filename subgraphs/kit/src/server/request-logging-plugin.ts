import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from '../context/request-id.js';
import { isPublicError } from '../errors/masking.js';
import type { Logger } from '../logging/logger.js';

export interface LoggedContext extends BaseContext {
  requestId: string;
  logger: Logger;
}

/**
 * One log line per operation (name, duration, error codes) with the request id, the full stack
 * of every unexpected error (which the client only sees masked), and the request id echoed in
 * the `x-request-id` header and in every error's extensions.
 */
export function requestLoggingPlugin<C extends LoggedContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const formatted = (error as GraphQLError).toJSON?.() ?? { message: error.message };
            if (!isPublicError(formatted)) {
              contextValue.logger.error({ err: original, operationName, path: error.path }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ response, operationName, errors }) {
          response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId: contextValue.requestId },
            }));
          }
          const codes = errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          contextValue.logger.info(
            {
              operationName: operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              ...(codes?.length ? { errorCodes: codes } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
