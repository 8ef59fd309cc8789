import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The header the gateway proves itself with to the subgraphs: the shared GATEWAY_SECRET. Only a
 * request carrying it may speak for the client (X-Forwarded-For, -Host, -Proto) and, in
 * production, read the schema (`_service`, introspection).
 */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

/** The shortest GATEWAY_SECRET accepted: 256 bits of base64url. */
export const MIN_GATEWAY_SECRET_LENGTH = 32;

/**
 * Whether the request carries the gateway's secret. Compared as SHA-256 digests, so that the
 * comparison takes the same time whatever the length and content of what was sent.
 */
export function isFromGateway(headers: IncomingHttpHeaders, secret: string | undefined): boolean {
  const sent = headers[GATEWAY_SECRET_HEADER];
  if (!secret || typeof sent !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(secret));
}
