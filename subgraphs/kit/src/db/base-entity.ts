import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * Ids and timestamps shared by every stored entity; each subgraph's entities extend it. As an
 * object type it only lends its fields: type-graphql emits no type that nothing references.
 */
@ObjectType()
@Entity({ abstract: true })
export abstract class BaseEntity {
  @Field(() => ID, { description: 'Stable unique id (a UUID).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Date, { description: 'When this was created.' })
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
