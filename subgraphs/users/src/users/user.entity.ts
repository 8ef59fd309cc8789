import { Collection, Entity, Enum, ManyToMany, Property } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Role } from '../roles/role.entity.js';
import { AccountStatus } from './account-status.js';
import { UserKind } from './user-kind.js';
import { LOGIN_RULE, MAX_DISPLAY_NAME_LENGTH, MAX_LOGIN_LENGTH } from './user-rules.js';
import { UserRole } from './user-role.entity.js';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person or a service account that signs in to the platform.' })
@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  @Field(() => String, { description: `Login name as registered (${LOGIN_RULE}).` })
  @Property({ type: 'string', length: MAX_LOGIN_LENGTH })
  login: string;

  /** The login lowercased: logins are unique case-insensitively. */
  @Property({ type: 'string', length: MAX_LOGIN_LENGTH, unique: true })
  loginKey: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the console.' })
  @Property({ type: 'string', length: MAX_DISPLAY_NAME_LENGTH, nullable: true })
  displayName: string | null;

  @Field(() => UserKind, { description: 'A person, or a service account that only API tokens act for.' })
  @Enum({ items: () => UserKind, default: UserKind.PERSON })
  kind: UserKind = UserKind.PERSON;

  @Field(() => AccountStatus, { description: 'ACTIVE, or PENDING while a registration waits for approval.' })
  @Enum({ items: () => AccountStatus, default: AccountStatus.ACTIVE })
  status: AccountStatus = AccountStatus.ACTIVE;

  /** argon2id hash; never part of the schema. Null for a service account, which has no password. */
  @Property({ type: 'string', length: 255, hidden: true, nullable: true })
  passwordHash: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When an administrator disabled the account: it cannot sign in and its tokens are refused. Null while enabled.',
  })
  @Property({ type: 'datetime', nullable: true })
  disabledAt: Date | null = null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the account was deleted: its login, name, roles, sessions and tokens are gone; what it owned (scripts, folders, runs) stays and shows this user as its owner. Null for a live account.',
  })
  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;

  @Field(() => Boolean, {
    description:
      'An administrator reset the password: the next sign-in gets a token without permissions until `changePassword`.',
  })
  @Property({ type: 'boolean', default: false })
  passwordChangeRequired: boolean = false;

  @ManyToMany({ entity: () => Role, pivotEntity: () => UserRole })
  roles = new Collection<Role>(this);

  constructor(login: string, passwordHash: string | null, displayName: string | null = null) {
    super();
    this.login = login;
    this.loginKey = login.toLowerCase();
    this.passwordHash = passwordHash;
    this.displayName = displayName;
  }
}
