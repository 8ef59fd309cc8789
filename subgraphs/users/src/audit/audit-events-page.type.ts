import { AuditEvent, PageInfo } from '@etl/kit';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType({ description: 'Which audit events to list; every field set must match (unset: any).' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events by this user (their id).' })
  actorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only events by this login, in any letter case (for failed logins: the login that was tried).',
  })
  actorLogin?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. `role.assign`.' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events on this kind of target, e.g. `Script`.' })
  targetType?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events on the target with this id (or file key).' })
  targetId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events of this request id (`x-request-id`).' })
  requestId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only events at or after this instant.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only events before this instant.' })
  until?: Date | null;
}

@ObjectType({ description: 'One audit event in a page of them.' })
export class AuditEventEdge {
  @Field(() => String, { description: 'Pass as `after` to get the events following this one.' })
  cursor!: string;

  @Field(() => AuditEvent, { description: 'The event.' })
  node!: AuditEvent;
}

@ObjectType({ description: 'A page of audit events, oldest first (by time, then id).' })
export class AuditEventsConnection {
  @Field(() => [AuditEventEdge], { description: 'The events of this page.' })
  edges!: AuditEventEdge[];

  @Field(() => PageInfo, { description: 'Paging position.' })
  pageInfo!: PageInfo;
}
