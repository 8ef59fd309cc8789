import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { JSONScalar } from '../schema/scalars.js';

/** Longest target id kept (a file key is the longest kind). */
export const MAX_AUDIT_TARGET_ID_LENGTH = 1024;

/**
 * One security-relevant change or attempt: who did what to what, when, from where. Every
 * subgraph with a database has an `audit_events` table of these. In the subgraph that serves
 * `auditEvents` (users) it is the log itself; in the others it is an outbox, written in the
 * same transaction as the change it describes, whose rows the AuditRelay delivers to the log and
 * then deletes. Nothing updates an event once written.
 */
@ObjectType({ description: 'One security-relevant change or attempt: who did what to what, when and from where.' })
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['occurredAt', 'id'] })
export class AuditEvent {
  @Field(() => ID, { description: 'Stable unique id of the event (a UUID).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Date, {
    description: 'When the change was made, by the clock of the service that made it (millisecond precision).',
  })
  @Property({ type: 'datetime', length: 3 })
  occurredAt: Date = new Date();

  @Field(() => String, {
    description:
      'What happened, as `<target>.<verb>` in lower case: `session.login`, `session.login-failed`, `role.assign`, `script.release`, `file.delete`, … (docs/security.md lists them).',
  })
  @Property({ length: 64 })
  action!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Id of the user who acted (for a registration, the new user); null for a failed login.',
  })
  @Property({ type: 'uuid', nullable: true })
  @Index()
  actorId: string | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'Login of the actor as it was then; for a failed login, the login that was tried, whether or not it exists.',
  })
  @Property({ length: 256, nullable: true })
  actorLogin: string | null = null;

  /** The `sid` of the actor's access token: a refresh-token family, or the API token it was exchanged for. */
  @Property({ length: 64, nullable: true })
  sessionId: string | null = null;

  @Field(() => String, { description: 'Kind of the thing acted on: `User`, `Role`, `Script`, `Folder`, `File`, …' })
  @Property({ length: 64 })
  targetType!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Id of the thing acted on (a UUID, or a file key for files); null when there is none.',
  })
  @Property({ length: MAX_AUDIT_TARGET_ID_LENGTH, nullable: true })
  targetId: string | null = null;

  @Field(() => String, {
    description: 'The request id (`x-request-id`) of the API call that made the change, as in the logs and errors.',
  })
  @Property({ length: 128 })
  @Index()
  requestId!: string;

  @Field(() => String, {
    nullable: true,
    description: "The client's address as the gateway saw it (forwarded addresses are believed from the gateway only).",
  })
  @Property({ length: 64, nullable: true })
  clientAddress: string | null = null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Facts particular to the action (a role name, the permissions granted, a run status); never a secret or a password.',
  })
  @Property({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null = null;
}
