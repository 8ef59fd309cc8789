import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

export const MAX_API_TOKEN_NAME_LENGTH = 100;

/**
 * A long-lived credential for a machine: a person's personal access token, or a service
 * account's token. Only the SHA-256 of its secret is stored; the secret is shown once.
 */
@ObjectType({ description: 'An API token: what it may do, whom it acts for, and when it was last used.' })
@Entity({ tableName: 'api_tokens' })
export class ApiToken extends BaseEntity {
  /** The user the token acts for (its access tokens carry this user's id). */
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade', index: true })
  owner: Ref<User>;

  /** Who made it: the owner, or the `users:admin` who made a service account's token. */
  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Field(() => String, { description: 'What the token is for, as its creator named it.' })
  @Property({ type: 'string', length: MAX_API_TOKEN_NAME_LENGTH })
  name: string;

  @Field(() => [String], {
    description: "What the token may do: a subset of its creator's permissions, cut to its owner's at each use.",
  })
  @Property({ type: 'text[]' })
  permissions: string[];

  @Field(() => String, { description: 'The start of the secret (`etl_pat_` and 4 characters), to tell tokens apart.' })
  @Property({ type: 'string', length: 16 })
  secretStart: string;

  @Property({ type: 'string', length: 64, unique: true, hidden: true })
  secretHash: string;

  @Field(() => Date, { description: 'When the token stops working.' })
  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the token was last exchanged for an access token.' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the token was revoked; a revoked token never works again.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  constructor(fields: {
    owner: Ref<User>;
    createdBy: string;
    name: string;
    permissions: string[];
    secretStart: string;
    secretHash: string;
    expiresAt: Date;
  }) {
    super();
    this.owner = fields.owner;
    this.createdBy = fields.createdBy;
    this.name = fields.name;
    this.permissions = fields.permissions;
    this.secretStart = fields.secretStart;
    this.secretHash = fields.secretHash;
    this.expiresAt = fields.expiresAt;
  }
}
