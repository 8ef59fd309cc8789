import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Field, ObjectType } from 'type-graphql';
import { MAX_ROLE_DESCRIPTION_LENGTH, MAX_ROLE_NAME_LENGTH } from './role-rules.js';

@ObjectType({ description: "A named set of permissions; a user holds the union of its roles' permissions." })
@Entity({ tableName: 'roles' })
export class Role extends BaseEntity {
  @Field(() => String, { description: 'Unique name, lowercase (`admin`, `editor`, `data-manager`, …).' })
  @Property({ type: 'string', length: MAX_ROLE_NAME_LENGTH, unique: true })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the role is for.' })
  @Property({ type: 'string', length: MAX_ROLE_DESCRIPTION_LENGTH, nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'Permissions granted, `domain:action` strings; `*` grants all.' })
  @Property({ type: 'text[]' })
  permissions: string[];

  @Field(() => Boolean, { description: 'Created by the bootstrap; cannot be changed or deleted.' })
  @Property({ type: 'boolean', default: false })
  builtIn: boolean = false;

  constructor(name: string, permissions: string[], description: string | null = null) {
    super();
    this.name = name;
    this.permissions = permissions;
    this.description = description;
  }
}
