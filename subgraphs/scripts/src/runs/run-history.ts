import { assertUuid, hasControlCharacter, isUuid, UserInputError } from '@etl/kit';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { MAX_PATH_BYTES } from '../names/names.js';
import type { ScriptRunConnection, ScriptRunFilter } from './script-run-page.type.js';
import { ScriptRun } from './script-run.entity.js';

/** Page sizes of the lists of runs (`scriptRuns` and `runs`). */
export const DEFAULT_RUNS = 20;
export const MAX_RUNS = 100;

/** A position in the list: the created_at and id of the last run seen. */
interface RunPosition {
  createdAt: Date;
  id: string;
}

// Runs are stamped by this service with JS dates, so milliseconds hold created_at exactly.
function encodeCursor(run: RunPosition): string {
  return Buffer.from(`run:${run.createdAt.toISOString()}|${run.id}`).toString('base64url');
}

/** A cursor is exactly what `encodeCursor` made: canonical base64url of an instant and a run id. */
function decodeCursor(cursor: string): RunPosition {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^run:([^|]+)\|(.+)$/.exec(decoded);
  const createdAt = new Date(match?.[1] ?? '');
  const id = match?.[2] ?? '';
  if (!match || Number.isNaN(createdAt.getTime()) || !isUuid(id) || encodeCursor({ createdAt, id }) !== cursor) {
    throw new UserInputError('Malformed cursor: pass the endCursor of a previous page', 'after');
  }
  return { createdAt, id };
}

export function checkPageSize(first: number | null | undefined): number {
  const limit = first ?? DEFAULT_RUNS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS) {
    throw new UserInputError(`first must be 1–${MAX_RUNS}`, 'first');
  }
  return limit;
}

/** The logical path a prefix names, without its trailing `/`; refused when it cannot name one. */
function checkPathPrefix(prefix: string): string {
  const path = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!path) throw new UserInputError('pathPrefix must name a folder or a script', 'pathPrefix');
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) {
    throw new UserInputError(`pathPrefix is longer than ${MAX_PATH_BYTES} bytes`, 'pathPrefix');
  }
  if (hasControlCharacter(path))
    throw new UserInputError('pathPrefix must not contain control characters', 'pathPrefix');
  return path;
}

/** The conditions the filter sets, each checked first: a bad value is BAD_USER_INPUT naming its field. */
function conditions(filter: ScriptRunFilter): Array<FilterQuery<ScriptRun>> {
  const where: Array<FilterQuery<ScriptRun>> = [];
  if (filter.scriptId != null) where.push({ scriptId: assertUuid(filter.scriptId, 'scriptId') });
  if (filter.startedBy != null) where.push({ startedById: assertUuid(filter.startedBy, 'startedBy') });
  if (filter.pathPrefix != null) {
    const path = checkPathPrefix(filter.pathPrefix);
    // starts_with needs no escaping of the `%` and `_` that LIKE would read as wildcards.
    where.push({
      $or: [{ logicalPath: path }, { [raw((alias) => `starts_with(${alias}.logical_path, ?)`, [`${path}/`])]: [] }],
    });
  }
  if (filter.statuses != null) {
    if (!filter.statuses.length) throw new UserInputError('statuses must name at least one status', 'statuses');
    where.push({ status: { $in: [...new Set(filter.statuses)] } });
  }
  const { createdAfter, createdBefore } = filter;
  if (createdAfter && createdBefore && createdAfter >= createdBefore) {
    throw new UserInputError('createdBefore must be later than createdAfter', 'createdBefore');
  }
  if (createdAfter) where.push({ createdAt: { $gte: createdAfter } });
  if (createdBefore) where.push({ createdAt: { $lt: createdBefore } });
  return where;
}

/**
 * Runs of every script, newest first, a page at a time. Keyset pagination on (created_at, id):
 * stable while runs are added, one statement whatever the filters (no count), and the large
 * columns stay unread (they are lazy) until a field asks for them.
 */
export async function pageOfRuns(
  em: EntityManager,
  args: { filter?: ScriptRunFilter | null; first?: number | null; after?: string | null; startedById?: string },
): Promise<ScriptRunConnection> {
  const first = checkPageSize(args.first);
  const where = conditions(args.filter ?? {});
  // Callers who may not read every run see their own only.
  if (args.startedById) where.push({ startedById: args.startedById });
  if (args.after != null) {
    const { createdAt, id } = decodeCursor(args.after);
    // A row comparison, which the (created_at, id) index answers as one range.
    where.push({ [raw((alias) => `(${alias}.created_at, ${alias}.id) < (?, ?)`, [createdAt, id])]: [] });
  }
  const rows = await em.find(ScriptRun, where.length ? { $and: where } : {}, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: first + 1,
  });
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
