import { assertUuid, NotFoundError, UserInputError } from '@etl/kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { LOGIN } from './user-rules.js';
import { User } from './user.entity.js';
import type { UsersConnection } from './users-connection.type.js';

export const USERS_PAGE_DEFAULT = 20;
export const USERS_PAGE_MAX = 100;
export const MAX_SEARCH_LENGTH = 100;

function encodeCursor(loginKey: string): string {
  return Buffer.from(`login:${loginKey}`).toString('base64url');
}

/** A cursor is exactly what `encodeCursor` made: canonical base64url of a valid login key. */
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const loginKey = decoded.slice('login:'.length);
  if (
    !decoded.startsWith('login:') ||
    !LOGIN.test(loginKey) ||
    loginKey !== loginKey.toLowerCase() ||
    encodeCursor(loginKey) !== cursor
  ) {
    throw new UserInputError('Malformed cursor: pass the endCursor of a previous page', 'after');
  }
  return loginKey;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class UserService {
  async get(em: EntityManager, id: string): Promise<User> {
    const user = await em.findOne(User, assertUuid(id));
    if (!user) throw NotFoundError.entity('User', id);
    return user;
  }

  /** Keyset pagination on the unique lowercased login: stable under inserts, one indexed range scan. */
  async page(
    em: EntityManager,
    args: { first?: number | null; after?: string | null; search?: string | null },
  ): Promise<UsersConnection> {
    const first = args.first ?? USERS_PAGE_DEFAULT;
    if (!Number.isInteger(first) || first < 1 || first > USERS_PAGE_MAX) {
      throw new UserInputError(`first must be 1–${USERS_PAGE_MAX}`, 'first');
    }
    const search = args.search?.trim();
    if (search && search.length > MAX_SEARCH_LENGTH) {
      throw new UserInputError(`search is longer than ${MAX_SEARCH_LENGTH} characters`, 'search');
    }
    // Deleted accounts stay only as owners of what they made: `user(id)` shows them, lists do not.
    const where: FilterQuery<User> = search
      ? {
          deletedAt: null,
          $or: [
            { login: { $ilike: `%${escapeLike(search)}%` } },
            { displayName: { $ilike: `%${escapeLike(search)}%` } },
          ],
        }
      : { deletedAt: null };
    const after = args.after ? decodeCursor(args.after) : null;
    const [rows, totalCount] = await Promise.all([
      em.find(User, after ? { $and: [where, { loginKey: { $gt: after } }] } : where, {
        orderBy: { loginKey: 'asc' },
        limit: first + 1,
      }),
      em.count(User, where),
    ]);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node.loginKey), node }));
    return {
      totalCount,
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}
