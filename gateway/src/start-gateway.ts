import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ConfigError,
  createLogger,
  HttpService,
  queryArmor,
  requestLoggingPlugin,
  fetchRevocations,
  RevocationList,
  textInputGuardPlugin,
  type Logger,
  type StartedService,
} from '@etl/kit';
import { destination, type DestinationStream } from 'pino';
import { ApiTokenExchange } from './api-token-exchange.js';
import { subgraphUrlOverrides, type GatewayConfig } from './config.js';
import { contextFromRequest, proxyTrust, type GatewayContext } from './gateway-context.js';
import { graphqlHttpHandler } from './graphql-http-handler.js';
import { mountConsoleSession } from './console-session.js';
import { mountConsole } from './console-static.js';
import { gatewayErrorMasking } from './gateway-errors.js';
import { mountFileDownloads } from './file-download-proxy.js';
import { mountFileUploads } from './file-upload-relay.js';
import { InflightQuerySharing } from './inflight-query-sharing.js';
import { HeaderForwardingDataSource } from './header-forwarding-data-source.js';

/** The users subgraph's revocations, polled at the URL beside its `/graphql`. */
function gatewayRevocationList(usersUrl: () => string | undefined, config: GatewayConfig, logger: Logger) {
  const delay = config.REVOCATION_MAX_DELAY_SECONDS;
  return new RevocationList(
    () => {
      const url = usersUrl();
      if (!url) return Promise.reject(new Error('the users subgraph has no URL'));
      return fetchRevocations(new URL('/auth/revocations', url).href, delay);
    },
    delay,
    logger,
  );
}

/** Log lines wait at most this long in the buffer of `bufferedStdout`. */
const LOG_FLUSH_MS = 1_000;

/**
 * Stdout written in blocks of about 4 KiB, off the request path, instead of a write per line:
 * the per-request log line's write cost the gateway more than its own request handling. A quiet
 * gateway's lines wait at most LOG_FLUSH_MS; what is buffered is written out when the process
 * exits, crashes included (pino flushes its destinations on `exit`).
 */
function bufferedStdout(): { stream: DestinationStream; stop(): void } {
  const stdout = destination({ dest: 1, sync: false, minLength: 4096 });
  const flushing = setInterval(() => stdout.flush(), LOG_FLUSH_MS).unref();
  return {
    stream: stdout,
    stop: () => {
      clearInterval(flushing);
      stdout.flush();
    },
  };
}

export interface RunningGateway extends StartedService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function createApolloServer(
  config: GatewayConfig,
  service: HttpService,
  logger: Logger,
  subgraphUrls: Map<string, string>,
): ApolloServer<GatewayContext> {
  const production = config.NODE_ENV === 'production';
  const overrides = subgraphUrlOverrides(config);
  const sharing = new InflightQuerySharing();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      subgraphUrls.set(name, overrides[name] ?? url!);
      return new HeaderForwardingDataSource(
        name,
        overrides[name] ?? url!,
        config.SUBGRAPH_TIMEOUT_MS,
        config.GATEWAY_SECRET,
        sharing,
      );
    },
    logger,
  });
  const protection = queryArmor<GatewayContext>(
    {
      maxDepth: config.MAX_QUERY_DEPTH,
      maxCost: config.MAX_QUERY_COST,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxDirectives: 50,
    },
    production,
  );
  return new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: !production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: gatewayErrorMasking.maskError,
    stopOnTerminationSignals: false,
    validationRules: protection.validationRules,
    validationOptions: protection.validationOptions,
    parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
    plugins: [
      ...protection.plugins,
      ApolloServerPluginDrainHttpServer({
        httpServer: service.httpServer,
        stopGracePeriodMillis: config.SHUTDOWN_DRAIN_MS,
      }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      requestLoggingPlugin<GatewayContext>(gatewayErrorMasking),
      // Refused here, before the gateway's own code walks a value too deep for its stack.
      textInputGuardPlugin<GatewayContext>(),
    ],
  });
}

/**
 * The gateway: the committed supergraph, subgraph calls that forward only the bearer token and
 * request id, query limits, masking, Sandbox in development only, health and graceful stop.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const logs = bufferedStdout();
  const logger = createLogger('gateway', config.LOG_LEVEL, logs.stream);
  if (config.NODE_ENV === 'production' && !config.GATEWAY_SECRET) {
    throw new ConfigError([
      'GATEWAY_SECRET: required in production (or GATEWAY_SECRET_FILE), shared with the subgraphs',
    ]);
  }
  const service = new HttpService(logger);
  if (config.TRUST_PROXY.length) service.app.set('trust proxy', config.TRUST_PROXY);
  const subgraphUrls = new Map<string, string>();
  const apollo = createApolloServer(config, service, logger, subgraphUrls);
  await apollo.start();
  service.onStop(() => apollo.stop());
  mountFileDownloads(service, () => subgraphUrls.get('scripts'), config.SUBGRAPH_TIMEOUT_MS, logger);
  mountFileUploads(service, () => subgraphUrls.get('scripts'), config.SUBGRAPH_TIMEOUT_MS, logger);
  const revocations = gatewayRevocationList(() => subgraphUrls.get('users'), config, logger);
  // Only cached API-token exchanges depend on it: the gateway does not wait for its first load.
  void revocations.start();
  service.onStop(() => revocations.stop());
  const apiTokens = new ApiTokenExchange(
    () => subgraphUrls.get('users'),
    config.SUBGRAPH_TIMEOUT_MS,
    logger,
    revocations,
    config.GATEWAY_SECRET,
  );
  const trust = proxyTrust(config.TRUST_PROXY);
  service.serveFirst(
    '/graphql',
    graphqlHttpHandler(apollo, {
      corsOrigins: config.CORS_ORIGINS,
      maxRequestBytes: config.MAX_REQUEST_BYTES,
      logger,
      context: async (req, requestId) =>
        contextFromRequest(
          req,
          requestId,
          trust,
          logger,
          await apiTokens.authorizationFor(req.headers.authorization, requestId),
        ),
    }),
  );
  mountConsoleSession(service, apollo, (req, res, auth) =>
    contextFromRequest(req, res.locals.requestId as string, trust, logger, auth),
  );
  if (!mountConsole(service, config.CONSOLE_DIR, config.CONSOLE_CONNECT_ORIGINS, logger))
    service.app.get('/', (_req, res) => res.redirect('/graphql'));
  service.mountErrorHandler();
  const { url, port } = await service.listen(config.HOST, config.PORT);
  service.markReady();
  const sandbox = config.NODE_ENV === 'production' ? '' : `; Apollo Sandbox at ${url}/graphql`;
  logger.info({ url: `${url}/graphql`, subgraphs: subgraphUrlOverrides(config) }, `gateway listening${sandbox}`);
  service.onStop(async () => logs.stop());
  const stop = () => service.stop();
  return { url: `${url}/graphql`, port, service, logger, drainMs: config.SHUTDOWN_DRAIN_MS, stop };
}
