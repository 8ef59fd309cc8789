import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { MAX_NAME_LENGTH, NAME_RULE } from '../names/names.js';

/**
 * A folder of the script tree. Its `path` is stored, not computed: reads (tree, lookups by
 * path) vastly outnumber renames and moves, which rewrite the paths of a whole subtree in one
 * statement. The unique path is also what keeps sibling names unique.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A folder of the script tree.' })
@Entity({ tableName: 'folders' })
export class Folder extends BaseEntity {
  @Field(() => String, { description: `Name, unique among its siblings: ${NAME_RULE}.` })
  @Property({ type: 'string', length: MAX_NAME_LENGTH })
  name: string;

  @Field(() => ID, { nullable: true, description: 'Id of the parent folder; null at the root.' })
  @ManyToOne({
    entity: () => Folder,
    mapToPk: true,
    nullable: true,
    deleteRule: 'cascade',
    fieldName: 'parent_id',
    index: true,
  })
  parentId: string | null;

  @Field(() => String, { description: 'Names from the root joined with `/`, for example `geology/wells`.' })
  @Property({ type: 'text', unique: true })
  path: string;

  /** The user who created it (a user of the users subgraph). */
  @Property({ type: 'uuid', index: true })
  ownerId: string;

  constructor(name: string, parentId: string | null, path: string, ownerId: string) {
    super();
    this.name = name;
    this.parentId = parentId;
    this.path = path;
    this.ownerId = ownerId;
  }
}
