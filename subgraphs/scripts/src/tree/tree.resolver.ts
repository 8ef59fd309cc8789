import type { DatabaseRequestContext } from '@etl/kit';
import { Authorized, Ctx, Field, FieldResolver, ObjectType, Query, Resolver } from 'type-graphql';
import { Folder } from '../folders/folder.entity.js';
import { Script } from '../scripts/script.entity.js';
import { folderRows, scriptRows } from './tree-columns.js';

@ObjectType({ description: 'The whole script tree, flat: clients build the hierarchy from `parentId` and `folderId`.' })
export class ScriptTree {
  @Field(() => [Folder], { description: 'Every folder, by path.' })
  folders!: Folder[];

  @Field(() => [Script], { description: 'Every script, by logical path.' })
  scripts!: Script[];
}

/**
 * One statement per list asked for, whatever the size of the tree: a client that wants only the
 * folders (the console's "move to" choice) does not pay for ten thousand scripts.
 */
@Resolver(() => ScriptTree)
export class TreeResolver {
  @Authorized('scripts:read')
  @Query(() => ScriptTree, { description: 'Every folder and script (without content). Needs `scripts:read`.' })
  tree(): ScriptTree {
    return {} as ScriptTree;
  }

  @FieldResolver(() => [Folder], { description: 'Every folder, by path.' })
  async folders(@Ctx() ctx: DatabaseRequestContext): Promise<Folder[]> {
    return (await folderRows(ctx.em).orderBy({ path: 'asc' }).execute('all', true)) as Folder[];
  }

  @FieldResolver(() => [Script], { description: 'Every script, by logical path.' })
  async scripts(@Ctx() ctx: DatabaseRequestContext): Promise<Script[]> {
    return (await scriptRows(ctx.em).orderBy({ logicalPath: 'asc' }).execute('all', true)) as Script[];
  }
}
