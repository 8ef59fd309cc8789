import { AuthenticationError, type HttpService, type Logger } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApiTokenService } from './api-token.service.js';

/** Where the gateway trades an API token's secret for an access token (not part of the public API). */
export const API_TOKEN_EXCHANGE_PATH = '/auth/api-token-exchange';

/**
 * `POST {"secret": "etl_pat_…"}` → `{"accessToken", "expiresAt"}`, or 401 with a GraphQL-shaped
 * UNAUTHENTICATED error. A plain route rather than a mutation: only the gateway calls it, and
 * an access token handed out by the public API for a bearer secret would teach clients to skip
 * the gateway's cache.
 */
export function mountApiTokenExchange(
  service: HttpService,
  orm: MikroORM,
  apiTokens: ApiTokenService,
  logger: Logger,
): void {
  service.app.post(API_TOKEN_EXCHANGE_PATH, service.jsonBody(4096), async (req, res) => {
    const requestId = res.locals.requestId as string;
    const secret = (req.body as { secret?: unknown } | undefined)?.secret;
    try {
      if (typeof secret !== 'string') throw new AuthenticationError('Send {"secret": "<API token>"}');
      const { accessToken, expiresAt } = await apiTokens.exchange(orm.em.fork(), secret);
      res.json({ accessToken, expiresAt: expiresAt.toISOString() });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.info({ requestId, reason: error.message }, 'API token refused');
      res.status(401).json({ errors: [{ message: error.message, extensions: { code: error.code, requestId } }] });
    }
  });
}
