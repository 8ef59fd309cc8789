import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context/request-context.js';
import { AuditEvent, MAX_AUDIT_TARGET_ID_LENGTH } from './audit-event.entity.js';

/** The request facts an audit event takes its who, when and where from: a request's context has them. */
export type AuditSource = Pick<RequestContext, 'requestId' | 'caller' | 'clientAddress'>;

/** What a feature says about one change. */
export interface AuditEventInput {
  /** `<target>.<verb>` in lower case with dashes: `script.release`, `session.login-failed`. */
  action: `${string}.${string}`;
  /** What was acted on: its kind (`Script`, `Role`, `File`) and its id, if it has one. */
  target: { type: string; id?: string | null };
  /** Facts particular to the action (a role name, permissions): never a secret or a password. */
  details?: Record<string, unknown>;
  /**
   * Who acted, when the request has no caller yet: a registration names the new user, a failed
   * login the login that was tried (never whether it exists). Unset, the request's caller.
   */
  actor?: { id: string | null; login: string | null };
}

/**
 * Records an audit event in the same unit of work as the change it describes: call it with the
 * EntityManager (or transaction) that makes the change, before that change is flushed or
 * committed. The event is then written by the same flush, in the same transaction: it exists if
 * and only if the change does. It is not flushed here.
 *
 * ```ts
 * recordAudit(tx, ctx, { action: 'user.disable', target: { type: 'User', id: user.id } });
 * await tx.flush();
 * ```
 */
export function recordAudit(em: EntityManager, source: AuditSource, input: AuditEventInput): AuditEvent {
  const event = new AuditEvent();
  event.action = input.action;
  event.actorId = input.actor ? input.actor.id : (source.caller?.id ?? null);
  event.actorLogin = (input.actor ? input.actor.login : (source.caller?.login ?? null))?.slice(0, 256) ?? null;
  event.sessionId = input.actor ? null : (source.caller?.sessionId?.slice(0, 64) ?? null);
  event.targetType = input.target.type;
  event.targetId = input.target.id?.slice(0, MAX_AUDIT_TARGET_ID_LENGTH) ?? null;
  event.requestId = source.requestId;
  event.clientAddress = source.clientAddress?.slice(0, 64) ?? null;
  event.details = input.details ?? null;
  em.persist(event);
  return event;
}
