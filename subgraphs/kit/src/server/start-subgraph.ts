import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import { auditNudgePlugin } from '../audit/audit-nudge-plugin.js';
import type { AuditRelay } from '../audit/audit-relay.js';
import type { AccessTokenVerifier } from '../auth/access-token.js';
import type { RevocationList } from '../auth/revocation-list.js';
import {
  buildDatabaseRequestContext,
  buildRequestContext,
  type ContextSources,
  type RequestContext,
} from '../context/request-context.js';
import { createErrorMasking, type PublicErrorContract } from '../errors/masking.js';
import type { Logger } from '../logging/logger.js';
import { buildFederatedSchema, type SubgraphSchemaOptions } from '../schema/build-subgraph-schema.js';
import { HttpService } from './http-service.js';
import { requestLoggingPlugin } from './request-logging-plugin.js';
import type { StartedService } from './run-service.js';
import { textInputGuardPlugin } from './text-input-guard-plugin.js';
import { ConfigError } from '../config/read-config.js';
import { gatewayOnlyFieldsPlugin } from '../trust/gateway-only-plugin.js';
import { STRANGER_QUERY_LIMITS, strangerQueryLimitsPlugin } from '../trust/stranger-query-limits-plugin.js';
import { queryArmor } from './query-armor.js';

export interface SubgraphOptions extends SubgraphSchemaOptions {
  name: string;
  host: string;
  port: number;
  logger: Logger;
  verifier: AccessTokenVerifier;
  /** Revocations every token is checked against; loaded before the subgraph listens, polled after. */
  revocations?: RevocationList | undefined;
  /**
   * The subgraph's database, closed after requests drain on stop; with it, each request's
   * context is a DatabaseRequestContext (its own `em`), without it a plain RequestContext.
   */
  orm?: MikroORM;
  drainMs: number;
  /** Introspection and detailed validation help, off in production. */
  production: boolean;
  /**
   * GATEWAY_SECRET: requests carrying it speak for the client and may read the schema. Required
   * in production.
   */
  gatewaySecret: string | undefined;
  bodyLimitBytes?: number;
  /** Extra routes (a JWKS document, a download route) mounted before GraphQL. */
  routes?: (service: HttpService) => void;
  /**
   * Runs on stop once requests have drained and before the database closes: for work that
   * outlives a request (script runs) to end and write its last rows.
   */
  onDrained?: () => Promise<void>;
  /** The subgraph's own error codes and extensions, shown to callers beside the generic ones. */
  publicErrors?: PublicErrorContract;
  /**
   * Delivers the subgraph's audit outbox to the audit log: nudged after every mutation, stopped
   * after the last request and before the database closes (with one last delivery).
   */
  auditRelay?: AuditRelay | undefined;
}

export interface RunningSubgraph extends StartedService {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Boots a subgraph: the federated schema, Apollo Server on `/graphql` with masking, request
 * logging and no inline tracing (there is no usage-reporting backend), health routes, and a
 * graceful stop. A subgraph's `main` is configuration plus this call.
 */
export async function startSubgraph(options: SubgraphOptions): Promise<RunningSubgraph> {
  const logger = options.logger;
  if (options.production && !options.gatewaySecret) {
    throw new ConfigError(['GATEWAY_SECRET: required in production (or GATEWAY_SECRET_FILE), shared with the gateway']);
  }
  const service = new HttpService(logger);
  const schema = await buildFederatedSchema(options);
  const masking = createErrorMasking(options.publicErrors);
  const armor = queryArmor<RequestContext>(STRANGER_QUERY_LIMITS, options.production);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    logger,
    // Off in production even for the gateway, which serves a composed supergraph and never asks.
    introspection: !options.production,
    // No "did you mean …" in production: the schema is no one's business on a subgraph's port.
    hideSchemaDetailsFromClientErrors: options.production,
    validationOptions: armor.validationOptions,
    includeStacktraceInErrorResponses: false,
    formatError: masking.maskError,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: service.httpServer, stopGracePeriodMillis: options.drainMs }),
      ApolloServerPluginInlineTraceDisabled(),
      // The default cache-control plugin hooks every resolved field; nothing here sets cache
      // hints, and on large lists (the script tree) the hook cost more than the query itself.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      requestLoggingPlugin<RequestContext>(masking),
      textInputGuardPlugin<RequestContext>(),
      gatewayOnlyFieldsPlugin<RequestContext>(options.production),
      strangerQueryLimitsPlugin<RequestContext>(armor.validationRules),
      ...(options.auditRelay ? [auditNudgePlugin<RequestContext>(options.auditRelay)] : []),
    ],
  });
  await apollo.start();
  service.onStop(() => apollo.stop());
  const revocations = options.revocations;
  if (revocations) {
    await revocations.start();
    service.onStop(() => revocations.stop());
  }
  if (options.onDrained) service.onStop(options.onDrained);
  const auditRelay = options.auditRelay;
  if (auditRelay) {
    auditRelay.start();
    service.onStop(() => auditRelay.stop());
  }
  const orm = options.orm;
  if (orm) {
    service.addReadinessCheck(async () => (await orm.checkConnection()).ok);
    service.onStop(() => orm.close());
  }
  options.routes?.(service);
  service.app.use(
    '/graphql',
    service.jsonBody(options.bodyLimitBytes ?? 1024 * 1024),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const sources: ContextSources = {
          requestId: res.locals.requestId as string,
          headers: req.headers,
          socketAddress: req.socket.remoteAddress,
          gatewaySecret: options.gatewaySecret,
          verifier: options.verifier,
          revocations,
          logger,
        };
        return orm ? buildDatabaseRequestContext(sources, orm.em) : buildRequestContext(sources);
      },
    }),
  );
  service.mountErrorHandler();
  const { url, port } = await service.listen(options.host, options.port);
  service.markReady();
  logger.info({ url: `${url}/graphql` }, `${options.name} subgraph listening`);
  return {
    name: options.name,
    url: `${url}/graphql`,
    port,
    service,
    logger,
    drainMs: options.drainMs,
    stop: () => service.stop(),
  };
}
