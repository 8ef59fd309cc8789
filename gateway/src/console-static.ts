import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpService, Logger } from '@etl/kit';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the gateway answers itself; everything else that a browser navigates to is the console. */
const SERVER_PATHS = /^\/(graphql|files|console\/session|healthz|readyz)(\/|$)/;

/**
 * What a browser may do with the console's page: its own scripts and API only, plus the origins
 * it uploads to straight (an S3 store's presigned URLs). Mantine sets CSS variables in style
 * attributes, hence inline styles; images include data: URLs (icons).
 */
function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Serves the built console (`console/dist`) at `/`: hashed files under `/assets/` are cached for
 * a year (a new build has new names), and any other page a browser asks for gets index.html,
 * never cached, so the single-page application's own URLs (`/scripts/…`, `/runs/…`) can be
 * shared and reloaded. Returns false, and mounts nothing, when the console was not built.
 */
export function mountConsole(
  service: HttpService,
  distDir: string,
  connectOrigins: readonly string[],
  logger: Logger,
): boolean {
  const indexHtml = join(distDir, 'index.html');
  if (!existsSync(indexHtml)) {
    logger.warn({ distDir }, 'the console is not built (pnpm run build builds it); / leads to Sandbox');
    return false;
  }
  const policy = contentSecurityPolicy(connectOrigins);
  service.app.use(
    '/assets',
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
    // An asset of an older build is gone, not a page: a 404, never index.html.
    (_req: Request, res: Response) => void res.status(404).type('text/plain').send('Not found'),
  );
  service.app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', policy);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    res.sendFile(indexHtml, (error) => error && next(error));
  });
  return true;
}
