import { buildFederatedSchema, type SubgraphSchemaOptions } from '@etl/kit';
import type { GraphQLSchema } from 'graphql';
import { ApiTokenResolver } from './api-tokens/api-token.resolver.js';
import { AuditEventResolver } from './audit/audit-event.resolver.js';
import { DatamoduleAccessResolver } from './datamodules/datamodule-access.resolver.js';
import { RoleResolver } from './roles/role.resolver.js';
import { ServiceAccountResolver } from './service-accounts/service-account.resolver.js';
import { SessionResolver } from './sessions/session.resolver.js';
import { UserResolver } from './users/user.resolver.js';
import { userReferenceResolvers } from './users/user.reference.js';

/** The users subgraph's schema parts; the server adds resolver instances with their dependencies. */
export const usersSchemaOptions: SubgraphSchemaOptions = {
  resolvers: [
    UserResolver,
    RoleResolver,
    SessionResolver,
    DatamoduleAccessResolver,
    ApiTokenResolver,
    ServiceAccountResolver,
    AuditEventResolver,
  ],
  referenceResolvers: userReferenceResolvers,
};

/** The schema alone, without a server or database: for composing the supergraph. */
export function buildUsersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(usersSchemaOptions);
}
