import { assertUuid, AuditEvent, UserInputError } from '@etl/kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { AuditEventFilter, AuditEventsConnection } from './audit-events-page.type.js';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;
const MAX_FILTER_TEXT = 1024;

/** A position in the log: the time and id of the last event seen. */
interface AuditCursor {
  occurredAt: Date;
  id: string;
}

function encodeCursor(event: AuditCursor): string {
  return Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`).toString('base64url');
}

/** A cursor is exactly what `encodeCursor` made: canonical base64url of an instant and a UUID. */
function decodeCursor(cursor: string): AuditCursor {
  const [time = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const occurredAt = new Date(time);
  const valid =
    rest.length === 0 &&
    !Number.isNaN(occurredAt.getTime()) &&
    /^[0-9a-f-]{36}$/.test(id) &&
    encodeCursor({ occurredAt, id }) === cursor;
  if (!valid) throw new UserInputError('Malformed cursor: pass the endCursor of a previous page', 'after');
  return { occurredAt, id };
}

function text(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_FILTER_TEXT) {
    throw new UserInputError(`filter.${field} must be 1–${MAX_FILTER_TEXT} characters`, `filter.${field}`);
  }
  return value;
}

function whereOf(filter: AuditEventFilter): FilterQuery<AuditEvent>[] {
  const conditions: FilterQuery<AuditEvent>[] = [];
  if (filter.actorId) conditions.push({ actorId: assertUuid(filter.actorId, 'filter.actorId') });
  const login = text(filter.actorLogin, 'actorLogin');
  if (login) conditions.push({ actorLogin: { $ilike: login.replace(/[\\%_]/g, (c) => `\\${c}`) } });
  const exact = { action: 'action', targetType: 'targetType', targetId: 'targetId', requestId: 'requestId' } as const;
  for (const field of Object.keys(exact) as Array<keyof typeof exact>) {
    const value = text(filter[field], field);
    if (value) conditions.push({ [field]: value });
  }
  if (filter.since && filter.until && filter.since.getTime() >= filter.until.getTime()) {
    throw new UserInputError('filter.since must be before filter.until', 'filter.since');
  }
  if (filter.since) conditions.push({ occurredAt: { $gte: filter.since } });
  if (filter.until) conditions.push({ occurredAt: { $lt: filter.until } });
  return conditions;
}

/** The audit log: every subgraph's events, kept here, read a page at a time. */
export class AuditEventService {
  /** Keyset pagination on (occurred_at, id), oldest first: one indexed range scan per page. */
  async page(
    em: EntityManager,
    args: { filter?: AuditEventFilter | null; first?: number | null; after?: string | null },
  ): Promise<AuditEventsConnection> {
    const first = args.first ?? AUDIT_PAGE_DEFAULT;
    if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) {
      throw new UserInputError(`first must be 1–${AUDIT_PAGE_MAX}`, 'first');
    }
    const conditions = whereOf(args.filter ?? {});
    if (args.after) {
      const after = decodeCursor(args.after);
      conditions.push({
        $or: [{ occurredAt: { $gt: after.occurredAt } }, { occurredAt: after.occurredAt, id: { $gt: after.id } }],
      });
    }
    const rows = await em.find(AuditEvent, conditions.length ? { $and: conditions } : {}, {
      orderBy: { occurredAt: 'asc', id: 'asc' },
      limit: first + 1,
    });
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
