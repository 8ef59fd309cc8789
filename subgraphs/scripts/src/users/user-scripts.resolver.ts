import type { DatabaseRequestContext } from '@etl/kit';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Script } from '../scripts/script.entity.js';
import { scriptsByOwnerId } from '../scripts/script.loaders.js';
import { User } from './user.type.js';

@Resolver(() => User)
export class UserScriptsResolver {
  @Authorized('scripts:read')
  @FieldResolver(() => [Script], { description: 'The scripts this user owns, by path. Needs `scripts:read`.' })
  scripts(@Root() user: User, @Ctx() ctx: DatabaseRequestContext): Promise<Script[]> {
    return ctx.loaders.of(scriptsByOwnerId).load(user.id);
  }
}
