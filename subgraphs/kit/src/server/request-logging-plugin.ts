import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import type { ErrorMasking } from '../errors/masking.js';
import type { Logger } from '../logging/logger.js';

export interface LoggedContext extends BaseContext {
  requestId: string;
  logger: Logger;
}

/**
 * One log line per operation (name, duration, error codes) with the request id, and the full
 * stack of every unexpected error, which the client only sees masked. (The request id reaches
 * the response header and every error through HttpService and `maskError`.)
 */
export function requestLoggingPlugin<C extends LoggedContext>({ isPublicError }: ErrorMasking): ApolloServerPlugin<C> {
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
        async willSendResponse({ operationName, errors }) {
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
