import {
  AppError,
  assertUuid,
  ConflictError,
  EXTERNAL_ID_RULE,
  isExternalId,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireDatamoduleWrite, requireOwnerOrAdmin } from '../access/script-access.js';
import type { ScriptContentValidator } from '../content/script-content-validator.js';
import type { EtlBinding } from '../etl/etl-binding.js';
import type { UpdateScriptEtlInput } from '../etl/etl-inputs.js';
import { bindingFromInput, updatedBinding } from '../etl/etl-validation.js';
import type { FolderService } from '../folders/folder.service.js';
import { ScriptErrorCode } from '../script-errors.js';
import {
  checkLogicalPath,
  checkPathLength,
  checkScriptName,
  checkText,
  joinPath,
  MAX_DESCRIPTION_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
} from '../names/names.js';
import type { CreateScriptInput, UpdateScriptInput } from './script-inputs.js';
import { ScriptVersion } from './script-version.entity.js';
import { Script } from './script.entity.js';

export class ScriptExistsError extends AppError {
  constructor(path: string) {
    super(
      ScriptErrorCode.SCRIPT_EXISTS_REPLACE_REQUIRED,
      `A script already exists at ${JSON.stringify(path)}: pass replace: true to store the content as its new version`,
      { logicalPath: path },
    );
  }
}

/** The fields of a change that apply to a locked script. */
interface ScriptChange {
  name?: string;
  folder?: { id: string | null; path: string | null };
  displayName?: string | null;
  description?: string | null;
  content?: string;
  etl?: EtlBinding | null;
}

/** What an audit event says about a script: which one, at which path and version, bound how. */
function scriptFacts(script: Script) {
  return {
    target: { type: 'Script', id: script.id },
    details: {
      path: script.logicalPath,
      version: script.version,
      releasedVersion: script.releasedVersion,
      etl: script.etl ? { taskId: script.etl.taskId, stage: script.etl.stage } : null,
    },
  };
}

/**
 * Scripts and their versions. Every change runs on the script's row locked `FOR UPDATE`, so two
 * simultaneous content updates queue and become two consecutive versions instead of one lost
 * write; the unique logical path settles two simultaneous creations of one path.
 */
export class ScriptService {
  constructor(
    private readonly content: ScriptContentValidator,
    private readonly folders: FolderService,
  ) {}

  async get(em: EntityManager, id: string): Promise<Script> {
    const script = await em.findOne(Script, assertUuid(id));
    if (!script) throw NotFoundError.entity('Script', id);
    return script;
  }

  async byPath(em: EntityManager, path: string): Promise<Script> {
    const script = await em.findOne(Script, { logicalPath: checkLogicalPath(path) });
    if (!script) throw new NotFoundError(`No script at ${JSON.stringify(path)}`);
    return script;
  }

  byTask(em: EntityManager, taskId: string): Promise<Script[]> {
    if (!isExternalId(taskId)) throw new UserInputError(`taskId must be ${EXTERNAL_ID_RULE}`, 'taskId');
    return em.find(Script, { etlTaskId: taskId }, { orderBy: { logicalPath: 'asc' } });
  }

  async create(em: EntityManager, caller: Caller, input: CreateScriptInput, source: AuditSource): Promise<Script> {
    checkScriptName(input.name);
    const change: ScriptChange = {
      displayName: checkText(input.displayName, 'displayName', MAX_DISPLAY_NAME_LENGTH),
      description: checkText(input.description, 'description', MAX_DESCRIPTION_LENGTH),
      content: input.content,
      ...(input.etl ? { etl: bindingFromInput(input.etl) } : {}),
    };
    const folder = await this.folders.parentOf(em, input.folderId, 'folderId');
    const logicalPath = checkPathLength(joinPath(folder?.path ?? null, input.name), 'name');
    requireDatamoduleWrite(caller, change.etl);
    // Who may write comes before the content check, which costs a process.
    const existing = await em.findOne(Script, { logicalPath });
    if (existing) this.requireReplaceable(caller, existing, input, change);
    await this.content.validate(input.content);
    if (existing) return this.replace(em, caller, existing, input, change, source);
    const script = new Script(input.name, folder?.id ?? null, logicalPath, caller.id);
    script.displayName = change.displayName ?? null;
    script.description = change.description ?? null;
    script.bind(change.etl ?? null);
    try {
      await em.transactional(async (tx) => {
        tx.persist(script);
        tx.persist(new ScriptVersion(script.id, 1, input.content, caller.id));
        recordAudit(tx, source, { action: 'script.create', ...scriptFacts(script) });
      });
      return script;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Another request created the path first: this one lost the race.
      const winner = await em.findOne(Script, { logicalPath });
      if (!winner || !input.replace) throw new ScriptExistsError(logicalPath);
      return this.replace(em, caller, winner, input, change, source);
    }
  }

  async update(
    em: EntityManager,
    caller: Caller,
    id: string,
    input: UpdateScriptInput,
    source: AuditSource,
  ): Promise<Script> {
    // Checked here for a quick refusal and again on the locked row, which is what counts.
    const current = await this.get(em, id);
    requireOwnerOrAdmin(caller, current.ownerId, 'script');
    requireDatamoduleWrite(caller, current.etl);
    const change: ScriptChange = {};
    if (input.name !== undefined && input.name !== null) change.name = checkScriptName(input.name);
    if (input.folderId !== undefined) {
      const folder = await this.folders.parentOf(em, input.folderId, 'folderId');
      change.folder = { id: folder?.id ?? null, path: folder?.path ?? null };
    }
    if (input.displayName !== undefined)
      change.displayName = checkText(input.displayName, 'displayName', MAX_DISPLAY_NAME_LENGTH);
    if (input.description !== undefined)
      change.description = checkText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
    if (input.content !== undefined && input.content !== null) {
      await this.content.validate(input.content);
      change.content = input.content;
    }
    return this.underLock(em, id, async (tx, script) => {
      requireOwnerOrAdmin(caller, script.ownerId, 'script');
      requireDatamoduleWrite(caller, script.etl);
      await this.apply(tx, caller, script, change);
      recordAudit(tx, source, { action: 'script.update', ...scriptFacts(script) });
    });
  }

  updateEtl(
    em: EntityManager,
    caller: Caller,
    id: string,
    input: UpdateScriptEtlInput,
    source: AuditSource,
  ): Promise<Script> {
    assertUuid(id);
    return this.underLock(em, id, async (tx, script) => {
      requireOwnerOrAdmin(caller, script.ownerId, 'script');
      const next = updatedBinding(script.etl, input);
      requireDatamoduleWrite(caller, script.etl, next);
      script.bind(next);
      recordAudit(tx, source, { action: 'script.update-etl', ...scriptFacts(script) });
    });
  }

  /** Marks the newest version as the released one (the version runs use by default). */
  release(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<Script> {
    assertUuid(id);
    return this.underLock(em, id, async (tx, script) => {
      requireDatamoduleWrite(caller, script.etl);
      script.releasedVersion = script.version;
      recordAudit(tx, source, { action: 'script.release', ...scriptFacts(script) });
    });
  }

  async delete(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    const script = await this.get(em, id);
    requireOwnerOrAdmin(caller, script.ownerId, 'script');
    requireDatamoduleWrite(caller, script.etl);
    await em.transactional(async (tx) => {
      await tx.nativeDelete(Script, { id: script.id });
      recordAudit(tx, source, { action: 'script.delete', ...scriptFacts(script) });
    });
    return true;
  }

  private requireReplaceable(caller: Caller, existing: Script, input: CreateScriptInput, change: ScriptChange): void {
    if (!input.replace) throw new ScriptExistsError(existing.logicalPath);
    requireOwnerOrAdmin(caller, existing.ownerId, 'script');
    requireDatamoduleWrite(caller, existing.etl, change.etl);
  }

  /** `createScript` with `replace: true` on an existing path: a change of that script. */
  private replace(
    em: EntityManager,
    caller: Caller,
    existing: Script,
    input: CreateScriptInput,
    change: ScriptChange,
    source: AuditSource,
  ): Promise<Script> {
    return this.underLock(em, existing.id, async (tx, script) => {
      this.requireReplaceable(caller, script, input, change);
      await this.apply(tx, caller, script, {
        content: change.content!,
        ...(input.displayName != null ? { displayName: change.displayName } : {}),
        ...(input.description != null ? { description: change.description } : {}),
        ...(change.etl ? { etl: change.etl } : {}),
      });
      recordAudit(tx, source, { action: 'script.update', ...scriptFacts(script) });
    });
  }

  private async apply(tx: EntityManager, caller: Caller, script: Script, change: ScriptChange): Promise<void> {
    if (change.name !== undefined || change.folder !== undefined) {
      const folder = change.folder ?? { id: script.folderId, path: this.folderPathOf(script) };
      script.name = change.name ?? script.name;
      script.folderId = folder.id;
      script.logicalPath = checkPathLength(joinPath(folder.path, script.name), 'name');
    }
    if (change.displayName !== undefined) script.displayName = change.displayName;
    if (change.description !== undefined) script.description = change.description;
    if (change.etl !== undefined) script.bind(change.etl);
    if (change.content !== undefined) {
      const current = await tx.findOne(ScriptVersion, { scriptId: script.id, version: script.version });
      if (current?.content !== change.content) {
        script.version += 1;
        tx.persist(new ScriptVersion(script.id, script.version, change.content, caller.id));
      }
    }
  }

  /** The folder part of a script's logical path (null at the root). */
  private folderPathOf(script: Script): string | null {
    const cut = script.logicalPath.length - script.name.length - 1;
    return cut > 0 ? script.logicalPath.slice(0, cut) : null;
  }

  /** Runs a change on the script's row locked for update, in one transaction; a path clash is CONFLICT. */
  private async underLock(
    em: EntityManager,
    id: string,
    change: (tx: EntityManager, script: Script) => Promise<void>,
  ): Promise<Script> {
    try {
      return await em.transactional(async (tx) => {
        const script = await tx.findOne(Script, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!script) throw NotFoundError.entity('Script', id);
        await change(tx, script);
        return script;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictError('A script with that name already exists in the target folder');
      }
      throw error;
    }
  }
}
