import { UserInputError, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Folder } from '../folders/folder.entity.js';
import { MAX_NAME_LENGTH } from '../names/names.js';
import { Script } from '../scripts/script.entity.js';
import { folderRows, scriptRows } from './tree-columns.js';

const DEFAULT_MATCHES = 100;
const MAX_MATCHES = 500;

@ObjectType({ description: 'Folders and scripts whose name contains a text.' })
export class TreeMatches {
  @Field(() => [Folder], { description: 'Matching folders, by path: at most `first`.' })
  folders!: Folder[];

  @Field(() => [Script], { description: 'Matching scripts, by logical path: at most `first`.' })
  scripts!: Script[];

  @Field(() => Boolean, { description: 'False when more folders or more scripts matched than `first`.' })
  complete!: boolean;
}

/** `%`, `_` and `\` match themselves: the text is a plain substring, never a pattern. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Why a search is refused: messages written once. */
const SearchInputError = {
  name: () => new UserInputError(`name must be 1–${MAX_NAME_LENGTH} characters`, 'name'),
  first: () => new UserInputError(`first must be 1–${MAX_MATCHES}`, 'first'),
};

@Resolver()
export class TreeSearchResolver {
  /** Two statements, each bounded by `first`: a filter over the whole tree without reading it. */
  @Authorized('scripts:read')
  @Query(() => TreeMatches, {
    description:
      'Folders and scripts whose name contains `name` (case-insensitive, a plain substring), by path. Needs `scripts:read`.',
  })
  async searchTree(
    @Arg('name', () => String, { description: `Part of a name, 1–${MAX_NAME_LENGTH} characters.` }) name: string,
    @Arg('first', () => Int, {
      nullable: true,
      description: `Most folders and most scripts to answer (1–${MAX_MATCHES}); ${DEFAULT_MATCHES} when absent.`,
    })
    first: number | null | undefined,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<TreeMatches> {
    if (name.length < 1 || name.length > MAX_NAME_LENGTH) throw SearchInputError.name();
    const limit = first ?? DEFAULT_MATCHES;
    if (limit < 1 || limit > MAX_MATCHES) throw SearchInputError.first();
    const pattern = likeContaining(name);
    const [folders, scripts] = await Promise.all([
      folderRows(ctx.em)
        .where({ name: { $ilike: pattern } })
        .orderBy({ path: 'asc' })
        .limit(limit + 1)
        .execute('all', true),
      scriptRows(ctx.em)
        .where({ name: { $ilike: pattern } })
        .orderBy({ logicalPath: 'asc' })
        .limit(limit + 1)
        .execute('all', true),
    ]);
    return {
      folders: folders.slice(0, limit) as Folder[],
      scripts: scripts.slice(0, limit) as Script[],
      complete: folders.length <= limit && scripts.length <= limit,
    };
  }
}
