import type { DatabaseRequestContext } from '@etl/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { User, userReference } from '../users/user.type.js';
import { ScriptVersion } from './script-version.entity.js';
import { scriptById } from './script.loaders.js';

/*
 * Roots are typed `Readonly<…>`, not with the class: type-graphql turns a root whose declared type
 * is a class into an instance of it (`new Script()` per row), which on the plain rows of the tree
 * cost more than the whole query.
 */
@Resolver(() => ScriptVersion)
export class ScriptVersionResolver {
  @FieldResolver(() => Boolean, { description: "Whether this is the script's released version." })
  async released(@Root() version: Readonly<ScriptVersion>, @Ctx() ctx: DatabaseRequestContext): Promise<boolean> {
    const script = await ctx.loaders.of(scriptById).load(version.scriptId);
    return script?.releasedVersion === version.version;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who wrote this version.' })
  author(@Root() version: Readonly<ScriptVersion>): User {
    return userReference(version.authorId);
  }
}
