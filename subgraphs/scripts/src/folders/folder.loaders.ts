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

/** How many folders and scripts each of many folders holds directly, in one statement. */
export const childCountByFolderId = defineLoader<string, number, DatabaseRequestContext>(
  'childCountByFolderId',
  async (ids, { em }) => {
    const rows: Array<{ id: string; count: number }> = await em.getConnection().execute(
      `select parent_id as id, count(*)::int as count from folders where parent_id in (?) group by parent_id
       union all
       select folder_id as id, count(*)::int as count from scripts where folder_id in (?) group by folder_id`,
      [[...ids], [...ids]],
    );
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.id, (counts.get(row.id) ?? 0) + row.count);
    return ids.map((id) => counts.get(id) ?? 0);
  },
);
