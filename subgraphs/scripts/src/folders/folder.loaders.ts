import { defineEntityByIdLoader, defineLoader, type DatabaseRequestContext } from '@etl/kit';
import { Folder } from './folder.entity.js';

/** Folders by id in one statement: parents, script folders and federation references. */
export const folderById = defineEntityByIdLoader('folderById', Folder);

/** The child folders of many folders, by name, in one statement. */
export const childrenByParentId = defineLoader<string, Folder[], DatabaseRequestContext>(
  'childrenByParentId',
  async (ids, { em }) => {
    const children = await em.find(Folder, { parentId: { $in: [...ids] } }, { orderBy: { name: 'asc' } });
    return ids.map((id) => children.filter((child) => child.parentId === id));
  },
);
