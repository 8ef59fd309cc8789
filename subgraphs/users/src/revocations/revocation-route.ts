import type { HttpService } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import { REVOCATIONS_PATH, type TokenRevocations } from './token-revocations.js';

/**
 * `GET /auth/revocations` → `{"users": {id: second}, "sessions": {id: second}}`, polled by every
 * service. Ids and times only: nothing in it lets anyone act, so it needs no credential, and it
 * lives beside `/graphql` on the subgraph, which the gateway does not expose.
 */
export function mountRevocationList(service: HttpService, orm: MikroORM, revocations: TokenRevocations): void {
  service.app.get(REVOCATIONS_PATH, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await revocations.snapshot(orm.em.fork()));
  });
}
