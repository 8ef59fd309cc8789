import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Keeps a caller's request id when it is a plain token (so a client can correlate its own
 * logs), and makes a new one otherwise: a header value never reaches a log line unchecked.
 */
export function resolveRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTED_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * The request id of the HTTP request being served, for code that runs outside the GraphQL
 * context (Apollo's `formatError`, errors raised before a context exists).
 */
export const requestIdStorage = new AsyncLocalStorage<string>();

export function currentRequestId(): string | undefined {
  return requestIdStorage.getStore();
}
