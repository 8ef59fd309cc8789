import { AuditEvent, BaseEntity } from '@etl/kit';
import { Folder } from './folders/folder.entity.js';
import { ScriptRun } from './runs/script-run.entity.js';
import { ScriptVersion } from './scripts/script-version.entity.js';
import { Script } from './scripts/script.entity.js';

/** Every entity of the scripts database. */
export const scriptsEntities = [BaseEntity, Folder, Script, ScriptVersion, ScriptRun, AuditEvent];

/** What a runner maps of the scripts database: the run rows (it reads a version's source by SQL). */
export const runnerEntities = [BaseEntity, ScriptRun];
