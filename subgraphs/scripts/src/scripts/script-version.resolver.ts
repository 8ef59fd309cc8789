import type { RequestContext } from '@etl/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { User, userReference } from '../users/user.type.js';
import { ScriptVersion } from './script-version.entity.js';
import { scriptById } from './script.loaders.js';

@Resolver(() => ScriptVersion)
export class ScriptVersionResolver {
  @FieldResolver(() => Boolean, { description: "Whether this is the script's released version." })
  async released(@Root() version: ScriptVersion, @Ctx() ctx: RequestContext): Promise<boolean> {
    const script = await ctx.loaders.of(scriptById).load(version.scriptId);
    return script?.releasedVersion === version.version;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who wrote this version.' })
  author(@Root() version: ScriptVersion): User {
    return userReference(version.authorId);
  }
}
