import {
  assertUuid,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireDatamoduleWrite, requireOwnerOrAdmin } from '../access/script-access.js';
import type { EtlBinding } from '../etl/etl-binding.js';
import { checkFolderName, checkPathLength, joinPath, MAX_PATH_BYTES } from '../names/names.js';
import { Folder } from './folder.entity.js';
import { subtreeStatements } from './subtree-statements.js';

const folderTarget = (folder: Folder) => ({ type: 'Folder', id: folder.id });

/** Folders of the script tree: creation, renames and moves that keep every path below right, deletion of subtrees. */
export class FolderService {
  async get(em: EntityManager, id: string, field = 'id'): Promise<Folder> {
    const folder = await em.findOne(Folder, assertUuid(id, field));
    if (!folder) throw new NotFoundError(`Folder ${JSON.stringify(id)} not found (${field})`);
    return folder;
  }

  /** The folder a script or folder goes in: null for the root (an empty id is malformed, not the root). */
  async parentOf(em: EntityManager, parentId: string | null | undefined, field: string): Promise<Folder | null> {
    return parentId === null || parentId === undefined ? null : this.get(em, parentId, field);
  }

  async create(
    em: EntityManager,
    caller: Caller,
    name: string,
    parentId: string | null | undefined,
    source: AuditSource,
  ): Promise<Folder> {
    checkFolderName(name);
    const parent = await this.parentOf(em, parentId, 'parentId');
    const path = checkPathLength(joinPath(parent?.path ?? null, name), 'name');
    const folder = new Folder(name, parent?.id ?? null, path, caller.id);
    try {
      // In a transaction of its own: a refused insert leaves nothing in the request's unit of work.
      await em.transactional((tx) => {
        tx.persist(folder);
        recordAudit(tx, source, { action: 'folder.create', target: folderTarget(folder), details: { path } });
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw this.nameTaken(name, parent);
      throw error;
    }
    return folder;
  }

  async rename(em: EntityManager, caller: Caller, id: string, name: string, source: AuditSource): Promise<Folder> {
    checkFolderName(name);
    const folder = await this.get(em, id);
    requireOwnerOrAdmin(caller, folder.ownerId, 'folder');
    const parent = await this.parentOf(em, folder.parentId, 'parentId');
    return this.relocate(em, folder, parent, name, { action: 'folder.rename', source });
  }

  async move(
    em: EntityManager,
    caller: Caller,
    id: string,
    parentId: string | null | undefined,
    source: AuditSource,
  ): Promise<Folder> {
    const folder = await this.get(em, id);
    requireOwnerOrAdmin(caller, folder.ownerId, 'folder');
    const parent = await this.parentOf(em, parentId, 'parentId');
    if (parent && (parent.id === folder.id || parent.path.startsWith(`${folder.path}/`))) {
      throw new UserInputError('A folder cannot be moved into itself or one of its descendants', 'parentId');
    }
    return this.relocate(em, folder, parent, folder.name, { action: 'folder.move', source });
  }

  /**
   * Deletes a folder and everything below it (the database cascades). A subtree holding others'
   * folders or scripts needs `scripts:admin`; bound scripts in it need datamodule access.
   */
  async delete(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    const folder = await this.get(em, id);
    requireOwnerOrAdmin(caller, folder.ownerId, 'folder');
    const subtree = subtreeStatements(em, folder.path);
    if (!caller.can('scripts:admin') && (await subtree.ownedByOthers(caller.id))) {
      throw new ForbiddenError('This folder holds folders or scripts of other users: deleting it needs scripts:admin');
    }
    const bindings = (await subtree.etlBindings()) as EtlBinding[];
    requireDatamoduleWrite(caller, ...bindings);
    await em.transactional(async (tx) => {
      await tx.nativeDelete(Folder, { id: folder.id });
      recordAudit(tx, source, {
        action: 'folder.delete',
        target: folderTarget(folder),
        details: { path: folder.path },
      });
    });
    return true;
  }

  /** Gives a folder a new parent and name, rewriting the paths of its whole subtree in one transaction. */
  private async relocate(
    em: EntityManager,
    folder: Folder,
    parent: Folder | null,
    name: string,
    audit: { action: 'folder.rename' | 'folder.move'; source: AuditSource },
  ): Promise<Folder> {
    const oldPath = folder.path;
    const newPath = joinPath(parent?.path ?? null, name);
    if (newPath === oldPath) return folder;
    checkPathLength(newPath, 'name');
    try {
      await em.transactional(async (tx) => {
        const subtree = subtreeStatements(tx, oldPath);
        const longest = await subtree.longestPathBytes();
        if (longest - Buffer.byteLength(oldPath) + Buffer.byteLength(newPath) > MAX_PATH_BYTES) {
          throw new UserInputError(`A path below this folder would be longer than ${MAX_PATH_BYTES} bytes`, 'name');
        }
        await subtree.rewritePaths(newPath);
        await tx.nativeUpdate(Folder, { id: folder.id }, { name, parentId: parent?.id ?? null, updatedAt: new Date() });
        recordAudit(tx, audit.source, {
          action: audit.action,
          target: folderTarget(folder),
          details: { from: oldPath, to: newPath },
        });
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw this.nameTaken(name, parent);
      throw error;
    }
    await em.refresh(folder);
    return folder;
  }

  private nameTaken(name: string, parent: Folder | null): ConflictError {
    return new ConflictError(
      `A folder named ${JSON.stringify(name)} already exists in ${parent ? `"${parent.path}"` : 'the root'}`,
    );
  }
}
