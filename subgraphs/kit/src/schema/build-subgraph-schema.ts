import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { permissionAuthChecker } from '../auth/auth-checker.js';
import { DateTimeScalar } from './scalars.js';

/**
 * `__resolveReference` functions by entity type name, merged into type-graphql's resolvers. Each
 * takes the context its own subgraph builds (a RequestContext or a DatabaseRequestContext).
 */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: never, context: never) => unknown }>;

export interface SubgraphSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  /** Resolver instances built with their dependencies; any other resolver is made with `new`. */
  instances?: object[];
}

/** type-graphql's resolver container: the given instances, else one `new` instance per class. */
function resolverContainer(instances: object[]) {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return {
    get(resolverClass: new () => object): object {
      let instance = byClass.get(resolverClass);
      if (!instance) {
        instance = new resolverClass();
        byClass.set(resolverClass, instance);
      }
      return instance;
    },
  };
}

const FEDERATION_LINK = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])
`;

/**
 * type-graphql schema → federated subgraph schema. The one AuthChecker guards `@Authorized`
 * fields, and the shared scalars are used everywhere so that every subgraph declares `DateTime`
 * and `JSON` identically. Input limits are checked by each feature's own code (names, paths,
 * texts), which answers with the `field` extension and also serves callers outside GraphQL.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    authChecker: permissionAuthChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    container: resolverContainer(options.instances ?? []),
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return buildSubgraphSchema({
    typeDefs: gql(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as never,
  });
}
