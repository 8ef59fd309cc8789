import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { EtlBinding } from '../etl/etl-binding.js';
import { Folder } from '../folders/folder.entity.js';
import { MAX_DISPLAY_NAME_LENGTH, MAX_NAME_LENGTH } from '../names/names.js';

/**
 * A Python script: one file in a folder, whose content lives in immutable versions
 * (`ScriptVersion`); `version` is the newest. `logicalPath` is stored and unique, so a lookup by
 * path is one indexed read and two creations of the same path can never both succeed.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A Python script with its versions and, optionally, its binding to an ETL task.' })
@Entity({ tableName: 'scripts' })
export class Script extends BaseEntity {
  @Field(() => String, { description: 'File name, ending in `.py`, unique in its folder.' })
  @Property({ type: 'string', length: MAX_NAME_LENGTH })
  name: string;

  @Field(() => ID, { nullable: true, description: 'Id of the folder; null at the root.' })
  @ManyToOne({
    entity: () => Folder,
    mapToPk: true,
    nullable: true,
    deleteRule: 'cascade',
    fieldName: 'folder_id',
    index: true,
  })
  folderId: string | null;

  @Field(() => String, { description: 'Folder path plus name, for example `geology/analysis.py`.' })
  @Property({ type: 'text', unique: true })
  logicalPath: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the console.' })
  @Property({ type: 'string', length: MAX_DISPLAY_NAME_LENGTH, nullable: true })
  displayName: string | null = null;

  @Field(() => String, { nullable: true, description: 'What the script does.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** The user who created it (a user of the users subgraph). */
  @Property({ type: 'uuid', index: true })
  ownerId: string;

  @Field(() => Int, { description: 'The newest version (1, 2, …).' })
  @Property({ type: 'integer' })
  version: number = 1;

  @Field(() => Int, { nullable: true, description: 'The version last released; null if never released.' })
  @Property({ type: 'integer', nullable: true })
  releasedVersion: number | null = null;

  @Field(() => EtlBinding, { nullable: true, description: 'The binding to an ETL task; null for a plain script.' })
  @Property({ type: 'json', nullable: true })
  etl: EtlBinding | null = null;

  /** `etl.taskId`, as a column of its own so that `scriptsByTask` is an indexed read. */
  @Property({ type: 'string', length: 128, nullable: true, index: true })
  etlTaskId: string | null = null;

  constructor(name: string, folderId: string | null, logicalPath: string, ownerId: string) {
    super();
    this.name = name;
    this.folderId = folderId;
    this.logicalPath = logicalPath;
    this.ownerId = ownerId;
  }

  bind(etl: EtlBinding | null): void {
    this.etl = etl;
    this.etlTaskId = etl?.taskId ?? null;
  }
}
