import { buildFederatedSchema, type SubgraphSchemaOptions } from '@etl/kit';
import type { GraphQLSchema } from 'graphql';
import { LogsResolver } from './logs/logs.resolver.js';

/** The logs subgraph's schema parts; the server adds the resolver instance with its log source. */
export const logsSchemaOptions: SubgraphSchemaOptions = {
  resolvers: [LogsResolver],
};

/** The schema alone, without a server or log source: for composing the supergraph. */
export function buildLogsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(logsSchemaOptions);
}
