import { AuditEvent, defineEntityByIdLoader, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ApiToken } from '../api-tokens/api-token.entity.js';
import { User } from '../users/user.entity.js';
import { userById } from '../users/user.loaders.js';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, AuditEventService } from './audit-event.service.js';
import { AuditEventFilter, AuditEventsConnection } from './audit-events-page.type.js';

/** API tokens by id: an event's session id is one when the actor signed in with an API token. */
const apiTokenById = defineEntityByIdLoader('apiTokenById', ApiToken);

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  private readonly auditLog = new AuditEventService();

  @Authorized('audit:read')
  @Query(() => AuditEventsConnection, {
    description:
      'The audit log of every service, oldest first (by time, then id), a page at a time. Needs `audit:read`.',
  })
  auditEvents(
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Which events; unset, all.' })
    filter: AuditEventFilter | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `Page size, 1–${AUDIT_PAGE_MAX} (default ${AUDIT_PAGE_DEFAULT}).`,
    })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<AuditEventsConnection> {
    return this.auditLog.page(ctx.em, { filter, first, after });
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who acted; null if none, or deleted since.' })
  actor(@Root() event: AuditEvent, @Ctx() ctx: DatabaseRequestContext): Promise<User | null> {
    return event.actorId ? ctx.loaders.of(userById).load(event.actorId) : Promise.resolve(null);
  }

  @FieldResolver(() => ApiToken, {
    nullable: true,
    description: 'The API token the actor acted with; null when they signed in with a password.',
  })
  apiToken(@Root() event: AuditEvent, @Ctx() ctx: DatabaseRequestContext): Promise<ApiToken | null> {
    return event.sessionId ? ctx.loaders.of(apiTokenById).load(event.sessionId) : Promise.resolve(null);
  }
}
