import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertFileKey } from '../file-keys.js';

/** The path and query of a request to `/files/<key>?…`, as the mounted route sees it. */
export interface FileRouteRequest {
  /** The key, or null when the path is malformed. */
  key: string | null;
  query: URLSearchParams;
}

/** Splits the raw URL (below the mount point) into the key and the query. */
export function parseFileRoute(req: IncomingMessage): FileRouteRequest {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  return {
    key: keyFromPath(queryStart < 0 ? url : url.slice(0, queryStart)),
    query: new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1)),
  };
}

/**
 * The key in a raw path (`/uploads/…/a%20b.csv`), or null when it is malformed: an escape that
 * does not decode, an escaped `/` (our links never have one), or anything `assertFileKey` refuses.
 */
function keyFromPath(rawPath: string): string | null {
  try {
    const segments = rawPath.replace(/^\//, '').split('/').map(decodeURIComponent);
    if (segments.some((segment) => segment.includes('/'))) return null;
    const key = segments.join('/');
    assertFileKey(key);
    return key;
  } catch {
    return null;
  }
}

/** A query parameter given exactly once; repeated or missing is undefined (an invalid link). */
export function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

/**
 * Answers with `{ error, code? }` and no caching. `close` ends the connection after the answer:
 * for a refused upload whose body is still coming, which is not worth reading to the end.
 */
export function refuse(
  res: ServerResponse,
  status: number,
  error: string,
  options: { code?: string; close?: boolean; headers?: Record<string, string> } = {},
): void {
  const body = JSON.stringify(options.code ? { error, code: options.code } : { error });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(options.close ? { Connection: 'close' } : {}),
    ...options.headers,
  });
  res.end(body);
}
