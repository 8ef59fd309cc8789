import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity.js';

export enum AccessType {
  READ = 'READ',
  WRITE = 'WRITE',
  OWNER = 'OWNER',
}

registerEnumType(AccessType, {
  name: 'AccessType',
  description: 'A kind of access to an external datamodule.',
  valuesConfig: {
    READ: { description: "Read the datamodule's data." },
    WRITE: { description: "Write the datamodule's data; needed to bind scripts to its fields." },
    OWNER: { description: 'Own the datamodule; includes what WRITE allows.' },
  },
});

@ObjectType({ description: "A user's request for access to an external datamodule, pending until approved." })
@Entity({ tableName: 'datamodule_accesses' })
@Index({ properties: ['approved'] })
export class DatamoduleAccess extends BaseEntity {
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade', index: true })
  user: Ref<User>;

  @Field(() => String, { description: 'Id of the datamodule in the ETL user manager.' })
  @Property({ type: 'string', length: 128 })
  datamoduleId: string;

  @Field(() => [AccessType], { description: 'The kinds of access requested.' })
  @Enum({ items: () => AccessType, array: true })
  accessTypes: AccessType[];

  @Field(() => Boolean, { description: 'Whether someone with `datamodules:approve` approved it.' })
  @Property({ type: 'boolean', default: false })
  approved: boolean = false;

  @Property({ type: 'uuid', nullable: true })
  approvedBy: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was approved.' })
  @Property({ type: 'datetime', nullable: true })
  approvedAt: Date | null = null;

  constructor(user: Ref<User>, datamoduleId: string, accessTypes: AccessType[]) {
    super();
    this.user = user;
    this.datamoduleId = datamoduleId;
    this.accessTypes = accessTypes;
  }
}
