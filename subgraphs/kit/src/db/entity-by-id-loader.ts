import type { EntityName } from '@mikro-orm/core';
import { defineLoader, byKeys, type LoaderDefinition } from '../context/request-loaders.js';
import type { DatabaseRequestContext } from '../context/request-context.js';
import { isUuid } from '../errors/errors.js';

/**
 * Entities by id in one statement per batch, `null` for an unknown or malformed id: federation's
 * `_entities`, parents, and every root field that fetches one entity by id, so that a document
 * asking for many reads them together.
 */
export function defineEntityByIdLoader<T extends { id: string }>(
  name: string,
  entity: EntityName<T>,
): LoaderDefinition<string, T | null, DatabaseRequestContext> {
  return defineLoader<string, T | null, DatabaseRequestContext>(name, async (ids, { em }) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await em.find(entity, { id: { $in: valid } } as never) : [];
    return byKeys(ids, rows as T[], (row) => row.id);
  });
}
