import type { GraphQLSchema } from 'graphql';
import { buildLogsSchema } from '@etl/logs';
import { buildScriptsSchema } from '@etl/scripts';
import { buildUsersSchema } from '@etl/users';

/** A subgraph of the supergraph: its name, its default local URL and how to build its schema. */
export interface SubgraphDefinition {
  name: string;
  defaultPort: number;
  buildSchema(): Promise<GraphQLSchema>;
}

export const SUBGRAPHS: SubgraphDefinition[] = [
  { name: 'users', defaultPort: 4001, buildSchema: buildUsersSchema },
  { name: 'scripts', defaultPort: 4002, buildSchema: buildScriptsSchema },
  { name: 'logs', defaultPort: 4003, buildSchema: buildLogsSchema },
];
