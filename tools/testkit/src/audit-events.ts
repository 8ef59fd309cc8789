/** An audit event as `AuditEvents` of users.graphql lists it, for tests that read the log. */
export interface ListedAuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  actorId: string | null;
  actorLogin: string | null;
  targetType: string;
  targetId: string | null;
  requestId: string;
  clientAddress: string | null;
  details: Record<string, unknown> | null;
  apiToken: { id: string; name: string } | null;
}
