import type { DatabaseRequestContext } from '@etl/kit';
import { Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { Folder } from '../folders/folder.entity.js';
import { Script } from '../scripts/script.entity.js';

@ObjectType({ description: 'The whole script tree, flat: clients build the hierarchy from `parentId` and `folderId`.' })
export class ScriptTree {
  @Field(() => [Folder], { description: 'Every folder, by path.' })
  folders!: Folder[];

  @Field(() => [Script], { description: 'Every script, by logical path.' })
  scripts!: Script[];
}

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

@Resolver(() => ScriptTree)
export class TreeResolver {
  /**
   * Two statements whatever the size of the tree. Rows are read as plain objects, not managed
   * entities: the tree is read-only, and hydrating ten thousand entities costs more than the query.
   */
  @Authorized('scripts:read')
  @Query(() => ScriptTree, { description: 'Every folder and script (without content). Needs `scripts:read`.' })
  async tree(@Ctx() ctx: DatabaseRequestContext): Promise<ScriptTree> {
    const [folders, scripts] = await Promise.all([
      ctx.em
        .createQueryBuilder(Folder)
        .select([...FOLDER_COLUMNS])
        .orderBy({ path: 'asc' })
        .execute('all', true),
      ctx.em
        .createQueryBuilder(Script)
        .select([...SCRIPT_COLUMNS])
        .orderBy({ logicalPath: 'asc' })
        .execute('all', true),
    ]);
    return { folders: folders as Folder[], scripts: scripts as Script[] };
  }
}
