import { Entity, ManyToOne, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Role } from '../roles/role.entity.js';
import { User } from './user.entity.js';

/**
 * The user ↔ role pivot, declared so that its index on `role_id` (counting a role's holders,
 * deleting a role) is part of the entity model and checked against the migrations. `Rel<>`
 * keeps decorator metadata from touching `User` while the ES modules still load in a cycle.
 */
@Entity({ tableName: 'user_roles' })
export class UserRole {
  @ManyToOne({ entity: () => User, primary: true, deleteRule: 'cascade', updateRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne({ entity: () => Role, primary: true, deleteRule: 'cascade', updateRule: 'cascade', index: true })
  role!: Rel<Role>;

  [PrimaryKeyProp]?: ['user', 'role'];
}
