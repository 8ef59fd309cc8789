/**
 * The statements that create `audit_events` (the AuditEvent entity), for the migration of every
 * subgraph that records audit events. Frozen as they are: a later change to the table is a new
 * migration in each subgraph, not an edit here.
 */
export const CREATE_AUDIT_EVENTS_TABLE = [
  `create table "audit_events" ("id" uuid not null, "occurred_at" timestamptz(3) not null, "action" varchar(64) not null, "actor_id" uuid null, "actor_login" varchar(256) null, "session_id" varchar(64) null, "target_type" varchar(64) not null, "target_id" varchar(1024) null, "request_id" varchar(128) not null, "client_address" varchar(64) null, "details" jsonb null, constraint "audit_events_pkey" primary key ("id"));`,
  `create index "audit_events_actor_id_index" on "audit_events" ("actor_id");`,
  `create index "audit_events_request_id_index" on "audit_events" ("request_id");`,
  `create index "audit_events_occurred_at_id_index" on "audit_events" ("occurred_at", "id");`,
] as const;
