import { buildFederatedSchema, type SubgraphSchemaOptions } from '@etl/kit';
import type { GraphQLSchema } from 'graphql';
import { AccountResolver } from './accounts/account.resolver.js';
import { ApiTokenResolver } from './api-tokens/api-token.resolver.js';
import { AuditEventResolver } from './audit/audit-event.resolver.js';
import { DatamoduleAccessResolver } from './datamodules/datamodule-access.resolver.js';
import { RegistrationResolver } from './registration/registration.resolver.js';
import { RoleResolver } from './roles/role.resolver.js';
import { ServiceAccountResolver } from './service-accounts/service-account.resolver.js';
import { SessionResolver } from './sessions/session.resolver.js';
import { UserSessionsResolver } from './sessions/user-sessions.resolver.js';
import { UserResolver } from './users/user.resolver.js';
import { userReferenceResolvers } from './users/user.reference.js';

/** The users subgraph's schema parts; the server adds resolver instances with their dependencies. */
export const usersSchemaOptions: SubgraphSchemaOptions = {
  resolvers: [
    UserResolver,
    RoleResolver,
    SessionResolver,
    RegistrationResolver,
    DatamoduleAccessResolver,
    ApiTokenResolver,
    ServiceAccountResolver,
    AccountResolver,
    UserSessionsResolver,
    AuditEventResolver,
  ],
  referenceResolvers: userReferenceResolvers,
};

/** The schema alone, without a server or database: for composing the supergraph. */
export function buildUsersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(usersSchemaOptions);
}
