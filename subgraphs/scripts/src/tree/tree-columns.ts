import type { EntityManager } from '@mikro-orm/postgresql';
import { Folder } from '../folders/folder.entity.js';
import { Script } from '../scripts/script.entity.js';

const FOLDER_COLUMNS = ['id', 'name', 'parentId', 'path', 'ownerId', 'createdAt', 'updatedAt'] as const;
const SCRIPT_COLUMNS = [
  'id',
  'name',
  'folderId',
  'logicalPath',
  'displayName',
  'description',
  'ownerId',
  'version',
  'releasedVersion',
  'createdAt',
  'updatedAt',
] as const;

/*
 * Tree reads return plain rows, not managed entities: they are read-only, and hydrating ten
 * thousand entities costs more than the query. Every field of the tree's types is among these
 * columns or resolved from them.
 */

export function folderRows(em: EntityManager) {
  return em.createQueryBuilder(Folder).select([...FOLDER_COLUMNS]);
}

export function scriptRows(em: EntityManager) {
  return em.createQueryBuilder(Script).select([...SCRIPT_COLUMNS]);
}
