import { assertUuid, NotFoundError, requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { requireScriptWriter } from '../access/script-access.js';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Script } from '../scripts/script.entity.js';
import { scriptsByFolderId } from '../scripts/script.loaders.js';
import { User, userReference } from '../users/user.type.js';
import { CreateFolderInput } from './folder-inputs.js';
import { Folder } from './folder.entity.js';
import { childCountByFolderId, childrenByParentId, folderById } from './folder.loaders.js';
import type { FolderService } from './folder.service.js';

/*
 * Roots are typed `Readonly<…>`, not with the class: type-graphql turns a root whose declared type
 * is a class into an instance of it (`new Script()` per row), which on the plain rows of the tree
 * cost more than the whole query.
 */
@Resolver(() => Folder)
export class FolderResolver {
  constructor(private readonly folders: FolderService) {}

  @Authorized('scripts:read')
  @Query(() => Folder, { description: 'A folder by id. Needs `scripts:read`.' })
  async folder(
    @Arg('id', () => ID, { description: "The folder's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Folder> {
    const folder = await ctx.loaders.of(folderById).load(assertUuid(id));
    if (!folder) throw NotFoundError.entity('Folder', id);
    return folder;
  }

  @Authorized('scripts:write')
  @Mutation(() => Folder, {
    description: 'Creates a folder; a sibling with the same name is CONFLICT. Needs `scripts:write`.',
  })
  createFolder(
    @Arg('input', () => CreateFolderInput, { description: 'Name and parent.' }) input: CreateFolderInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Folder> {
    return this.folders.create(ctx.em, requireCaller(ctx), input.name, input.parentId, ctx);
  }

  @Mutation(() => Folder, {
    description:
      'Renames a folder; the paths of everything below follow. Owner with `scripts:write`, or `scripts:admin`.',
  })
  renameFolder(
    @Arg('id', () => ID, { description: "The folder's id." }) id: string,
    @Arg('name', () => String, { description: 'The new name, unique among its siblings.' }) name: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Folder> {
    return this.folders.rename(ctx.em, requireScriptWriter(ctx), id, name, ctx);
  }

  @Mutation(() => Folder, {
    description:
      'Moves a folder under another (or to the root); not under itself or a descendant. Owner with `scripts:write`, or `scripts:admin`.',
  })
  moveFolder(
    @Arg('id', () => ID, { description: "The folder's id." }) id: string,
    @Arg('parentId', () => ID, { nullable: true, description: 'The new parent; null for the root.' })
    parentId: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Folder> {
    return this.folders.move(ctx.em, requireScriptWriter(ctx), id, parentId, ctx);
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes a folder with every folder, script and version below it. Owner with `scripts:write` ' +
      "(and `scripts:admin` when the subtree holds others' items), or `scripts:admin`.",
  })
  deleteFolder(
    @Arg('id', () => ID, { description: "The folder's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.folders.delete(ctx.em, requireScriptWriter(ctx), id, ctx);
  }

  @FieldResolver(() => Folder, { nullable: true, description: 'The parent folder; null at the root.' })
  parent(@Root() folder: Readonly<Folder>, @Ctx() ctx: DatabaseRequestContext): Promise<Folder | null> | null {
    return folder.parentId ? ctx.loaders.of(folderById).load(folder.parentId) : null;
  }

  @FieldResolver(() => [Folder], { description: 'Child folders, by name.' })
  children(@Root() folder: Readonly<Folder>, @Ctx() ctx: DatabaseRequestContext): Promise<Folder[]> {
    return ctx.loaders.of(childrenByParentId).load(folder.id);
  }

  @FieldResolver(() => [Script], { description: 'Scripts directly in this folder, by name.' })
  scripts(@Root() folder: Readonly<Folder>, @Ctx() ctx: DatabaseRequestContext): Promise<Script[]> {
    return ctx.loaders.of(scriptsByFolderId).load(folder.id);
  }

  @FieldResolver(() => Int, {
    description: 'How many folders and scripts it holds directly: whether to offer to open it, without reading them.',
  })
  childCount(@Root() folder: Readonly<Folder>, @Ctx() ctx: DatabaseRequestContext): Promise<number> {
    return ctx.loaders.of(childCountByFolderId).load(folder.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user who created the folder.' })
  owner(@Root() folder: Readonly<Folder>): User {
    return userReference(folder.ownerId);
  }
}
