import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A user as this subgraph knows one: by id alone. The users subgraph owns the type and resolves
 * every other field; this subgraph adds `scripts`.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person or a service account that signs in to the platform.' })
export class User {
  @Field(() => ID, { description: 'Stable unique id (a UUID).' })
  id!: string;
}

/** A reference the gateway resolves through the users subgraph; no statement is sent here. */
export function userReference(id: string): User {
  return { id };
}
