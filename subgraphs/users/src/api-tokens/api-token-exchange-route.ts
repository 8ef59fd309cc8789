import { AuthenticationError, ForbiddenError, isFromGateway, type HttpService, type Logger } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApiTokenService } from './api-token.service.js';

/** Where the gateway trades an API token's secret for an access token (not part of the public API). */
export const API_TOKEN_EXCHANGE_PATH = '/auth/api-token-exchange';

function errorBody(error: AuthenticationError | ForbiddenError, requestId: string) {
  return { errors: [{ message: error.message, extensions: { code: error.code, requestId } }] };
}

/**
 * `POST {"secret": "etl_pat_…"}` → `{"accessToken", "expiresAt"}`, or 401 with a GraphQL-shaped
 * UNAUTHENTICATED error. A plain route rather than a mutation: only the gateway calls it, and
 * an access token handed out by the public API for a bearer secret would teach clients to skip
 * the gateway's cache. It answers only requests carrying GATEWAY_SECRET (403 otherwise, and
 * always without a secret configured): like forwarded client facts, minting tokens is the
 * gateway's business, so a stolen API token is usable only through the gateway, its limits
 * and its logs, not straight at the users subgraph's port.
 */
export function mountApiTokenExchange(
  service: HttpService,
  orm: MikroORM,
  apiTokens: ApiTokenService,
  gatewaySecret: string | undefined,
  logger: Logger,
): void {
  service.app.post(API_TOKEN_EXCHANGE_PATH, service.jsonBody(4096), async (req, res) => {
    const requestId = res.locals.requestId as string;
    if (!isFromGateway(req.headers, gatewaySecret)) {
      logger.warn({ requestId, address: req.socket.remoteAddress }, 'API token exchange refused: not the gateway');
      res.status(403).json(errorBody(ForbiddenError.gatewayOnlyExchange(), requestId));
      return;
    }
    const secret = (req.body as { secret?: unknown } | undefined)?.secret;
    try {
      if (typeof secret !== 'string') throw new AuthenticationError('Send {"secret": "<API token>"}');
      const { accessToken, expiresAt } = await apiTokens.exchange(orm.em.fork(), secret);
      res.json({ accessToken, expiresAt: expiresAt.toISOString() });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.info({ requestId, reason: error.message }, 'API token refused');
      res.status(401).json(errorBody(error, requestId));
    }
  });
}
