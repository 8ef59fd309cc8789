import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How long a request body may take to arrive. Node's own `requestTimeout` (300 s) bounds a
 * whole request, which cuts a 5 GiB upload on a slow link however steadily it flows. Ordinary
 * bodies (JSON) keep such a deadline; streamed bodies (file uploads) are instead cut only when
 * they stall, the way object stores treat a PUT.
 */
export interface BodyArrivalLimits {
  /** An ordinary body must be complete this long after its request began. */
  deadlineMs: number;
  /** A streamed body is cut once no byte has come for this long. */
  idleMs: number;
}

export const DEFAULT_BODY_ARRIVAL_LIMITS: BodyArrivalLimits = { deadlineMs: 300_000, idleMs: 60_000 };

/**
 * Cuts the connection of a request whose body breaks its limit. Progress is read off the socket's
 * byte count, so nothing is attached to the body stream itself (a listener there would start it
 * flowing before the route's consumer is in place).
 */
export function watchBodyArrival(
  req: IncomingMessage,
  res: ServerResponse,
  limits: BodyArrivalLimits,
  streamed: boolean,
): void {
  if (req.complete) return;
  const cut = () => {
    if (!req.complete) req.socket.destroy();
  };
  let timer: NodeJS.Timeout;
  if (streamed) {
    let lastBytes = req.socket.bytesRead;
    let lastProgress = Date.now();
    timer = setInterval(
      () => {
        if (req.complete) return clearInterval(timer);
        const bytes = req.socket.bytesRead;
        if (bytes !== lastBytes) {
          lastBytes = bytes;
          lastProgress = Date.now();
        } else if (Date.now() - lastProgress >= limits.idleMs) cut();
      },
      Math.max(10, Math.floor(limits.idleMs / 4)),
    );
  } else {
    timer = setTimeout(cut, limits.deadlineMs);
  }
  timer.unref();
  const stop = () => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
  res.once('close', stop);
}
