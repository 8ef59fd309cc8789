import { assertUuid, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { Folder } from '../folders/folder.entity.js';
import { Script } from '../scripts/script.entity.js';
import { folderRows, scriptRows } from './tree-columns.js';

@ObjectType({ description: 'What one folder (or the root) holds directly.' })
export class TreeLevel {
  @Field(() => [Folder], { description: 'Its child folders, by name.' })
  folders!: Folder[];

  @Field(() => [Script], { description: 'Its scripts, by name.' })
  scripts!: Script[];
}

/**
 * The tree a level at a time, for clients that open folders as a person does: the console
 * shows ten thousand scripts without ever reading them all. Two statements per level.
 */
@Resolver()
export class TreeLevelResolver {
  @Authorized('scripts:read')
  @Query(() => TreeLevel, {
    description:
      'The folders and scripts directly in a folder, or at the root without `folderId`, each by name (an unknown folder has none). Needs `scripts:read`.',
  })
  async treeLevel(
    @Arg('folderId', () => ID, { nullable: true, description: 'The folder; the root when absent.' })
    folderId: string | null | undefined,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<TreeLevel> {
    const parentId = folderId == null ? null : assertUuid(folderId, 'folderId');
    const [folders, scripts] = await Promise.all([
      folderRows(ctx.em).where({ parentId }).orderBy({ name: 'asc' }).execute('all', true),
      scriptRows(ctx.em).where({ folderId: parentId }).orderBy({ name: 'asc' }).execute('all', true),
    ]);
    return { folders: folders as Folder[], scripts: scripts as Script[] };
  }
}
