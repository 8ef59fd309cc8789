import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { Script } from './script.entity.js';

/** One stored content of a script; never changed once written. */
@ObjectType({ description: 'An immutable version of a script’s content.' })
@Entity({ tableName: 'script_versions' })
@Unique({ properties: ['scriptId', 'version'] })
export class ScriptVersion extends BaseEntity {
  @ManyToOne({ entity: () => Script, mapToPk: true, deleteRule: 'cascade', fieldName: 'script_id' })
  scriptId: string;

  @Field(() => Int, { description: 'Version number: 1 for the first content, then 2, 3, …' })
  @Property({ type: 'integer' })
  version: number;

  @Field(() => String, { description: 'The Python source of this version.' })
  @Property({ type: 'text' })
  content: string;

  /** The user who wrote this version. */
  @Property({ type: 'uuid' })
  authorId: string;

  constructor(scriptId: string, version: number, content: string, authorId: string) {
    super();
    this.scriptId = scriptId;
    this.version = version;
    this.content = content;
    this.authorId = authorId;
  }
}
