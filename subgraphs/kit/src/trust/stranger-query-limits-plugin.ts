import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, validate, type ValidationRule } from 'graphql';
import type { RequestContext } from '../context/request-context.js';
import type { QueryLimits } from '../server/query-armor.js';

/**
 * The limits a subgraph puts on requests that do not come from the gateway: the gateway's own
 * defaults. The gateway's requests are not held to them: it has checked the client's query
 * against its own (configurable) limits, and its query plans may nest a level or two deeper.
 */
export const STRANGER_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 20_000, maxAliases: 30, maxDirectives: 10 };

/**
 * Checks the query of a request without the gateway's proof against `rules` (the query armor of
 * STRANGER_QUERY_LIMITS), once the operation is known, and refuses it with the first problem as
 * GRAPHQL_VALIDATION_FAILED (HTTP 400), as the gateway answers the same query.
 */
export function strangerQueryLimitsPlugin<C extends RequestContext>(rules: ValidationRule[]): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema }) {
          if (contextValue.fromGateway) return;
          const [problem] = validate(schema, document, rules, { maxErrors: 1 });
          if (!problem) return;
          throw new GraphQLError(problem.message, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
          });
        },
      };
    },
  };
}
