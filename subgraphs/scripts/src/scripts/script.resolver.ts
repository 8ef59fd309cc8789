import { assertUuid, NotFoundError, requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireScriptWriter } from '../access/script-access.js';
import { UpdateScriptEtlInput } from '../etl/etl-inputs.js';
import { Folder } from '../folders/folder.entity.js';
import { folderById } from '../folders/folder.loaders.js';
import { User, userReference } from '../users/user.type.js';
import { CreateScriptInput, UpdateScriptInput } from './script-inputs.js';
import { ScriptVersion } from './script-version.entity.js';
import { Script } from './script.entity.js';
import { contentByVersion, scriptById, versionKey, versionsByScriptId } from './script.loaders.js';
import type { ScriptService } from './script.service.js';

const ID_ARG = { description: "The script's id." };

/*
 * Roots are typed `Readonly<…>`, not with the class: type-graphql turns a root whose declared type
 * is a class into an instance of it (`new Script()` per row), which on the plain rows of the tree
 * cost more than the whole query.
 */
@Resolver(() => Script)
export class ScriptResolver {
  constructor(private readonly scripts: ScriptService) {}

  @Authorized('scripts:read')
  @Query(() => Script, { description: 'A script by id. Needs `scripts:read`.' })
  async script(@Arg('id', () => ID, ID_ARG) id: string, @Ctx() ctx: DatabaseRequestContext): Promise<Script> {
    // Through the loader: a document asking for many scripts by id reads them in one statement.
    const script = await ctx.loaders.of(scriptById).load(assertUuid(id));
    if (!script) throw NotFoundError.entity('Script', id);
    return script;
  }

  @Authorized('scripts:read')
  @Query(() => Script, {
    description: 'A script by logical path, such as `geology/analysis.py`. Needs `scripts:read`.',
  })
  scriptByPath(
    @Arg('path', () => String, { description: 'Folder path plus file name.' }) path: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Script> {
    return this.scripts.byPath(ctx.em, path);
  }

  @Authorized('scripts:read')
  @Query(() => [Script], { description: "An ETL task's scripts, by path. Needs `scripts:read`." })
  scriptsByTask(
    @Arg('taskId', () => ID, { description: 'Id of the ETL task.' }) taskId: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Script[]> {
    return this.scripts.byTask(ctx.em, taskId);
  }

  @Authorized('scripts:write')
  @Mutation(() => Script, {
    description:
      'Creates a script (version 1), or with `replace: true` stores new content for the script at that path. ' +
      'Needs `scripts:write` (replacing: owner or `scripts:admin`), and WRITE/OWNER access to bound datamodules.',
  })
  createScript(
    @Arg('input', () => CreateScriptInput, { description: 'The script.' }) input: CreateScriptInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Script> {
    return this.scripts.create(ctx.em, requireCaller(ctx), input, ctx);
  }

  @Mutation(() => Script, {
    description:
      'Renames, moves, describes or stores new content (a new version) for a script. Owner with `scripts:write`, ' +
      'or `scripts:admin`; WRITE/OWNER access to bound datamodules.',
  })
  updateScript(
    @Arg('id', () => ID, ID_ARG) id: string,
    @Arg('input', () => UpdateScriptInput, { description: 'The changes.' }) input: UpdateScriptInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Script> {
    return this.scripts.update(ctx.em, requireScriptWriter(ctx), id, input, ctx);
  }

  @Mutation(() => Script, {
    description:
      "Changes a script's ETL binding: stage settings, task, fields to add and remove. Owner with `scripts:write`, " +
      'or `scripts:admin`; WRITE/OWNER access to every datamodule named before and after.',
  })
  updateScriptEtl(
    @Arg('id', () => ID, ID_ARG) id: string,
    @Arg('input', () => UpdateScriptEtlInput, { description: 'The changes.' }) input: UpdateScriptEtlInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Script> {
    return this.scripts.updateEtl(ctx.em, requireScriptWriter(ctx), id, input, ctx);
  }

  @Authorized('scripts:release')
  @Mutation(() => Script, {
    description:
      'Marks the newest version as released: runs use it unless told otherwise. Needs `scripts:release` ' +
      'and WRITE/OWNER access to bound datamodules.',
  })
  releaseScript(@Arg('id', () => ID, ID_ARG) id: string, @Ctx() ctx: DatabaseRequestContext): Promise<Script> {
    return this.scripts.release(ctx.em, requireCaller(ctx), id, ctx);
  }

  @Mutation(() => Boolean, {
    description: 'Deletes a script with all its versions. Owner with `scripts:write`, or `scripts:admin`.',
  })
  deleteScript(@Arg('id', () => ID, ID_ARG) id: string, @Ctx() ctx: DatabaseRequestContext): Promise<boolean> {
    return this.scripts.delete(ctx.em, requireScriptWriter(ctx), id, ctx);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the newest version is the released one.' })
  released(@Root() script: Readonly<Script>): boolean {
    return script.releasedVersion !== null && script.releasedVersion === script.version;
  }

  @FieldResolver(() => Date, { description: 'When its content, name, place or settings last changed.' })
  updatedAt(@Root() script: Readonly<Script>): Date {
    return script.updatedAt;
  }

  @FieldResolver(() => String, { description: 'The Python source of the newest version.' })
  async content(@Root() script: Readonly<Script>, @Ctx() ctx: DatabaseRequestContext): Promise<string> {
    return (await ctx.loaders.of(contentByVersion).load(versionKey(script))) ?? '';
  }

  @FieldResolver(() => [ScriptVersion], { description: 'Every version, newest first.' })
  versions(@Root() script: Readonly<Script>, @Ctx() ctx: DatabaseRequestContext): Promise<ScriptVersion[]> {
    return ctx.loaders.of(versionsByScriptId).load(script.id);
  }

  @FieldResolver(() => Folder, { nullable: true, description: 'The folder; null at the root.' })
  folder(@Root() script: Readonly<Script>, @Ctx() ctx: DatabaseRequestContext): Promise<Folder | null> | null {
    return script.folderId ? ctx.loaders.of(folderById).load(script.folderId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who created the script.' })
  owner(@Root() script: Readonly<Script>): User {
    return userReference(script.ownerId);
  }
}
