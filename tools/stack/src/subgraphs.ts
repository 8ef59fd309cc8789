import type { GraphQLSchema } from 'graphql';
import { buildUsersSchema } from '@etl/users';

/** A subgraph of the supergraph: its name, its default local URL and how to build its schema. */
export interface SubgraphDefinition {
  name: string;
  defaultPort: number;
  buildSchema(): Promise<GraphQLSchema>;
}

export const SUBGRAPHS: SubgraphDefinition[] = [{ name: 'users', defaultPort: 4001, buildSchema: buildUsersSchema }];
