import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One HTTP request with the body sent in `chunks` exactly as given (fetch would add or check a
 * length); `cutAfter` chunks, the connection is destroyed instead of ending the request.
 */
export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string | number>; chunks?: Buffer[]; cutAfter?: number },
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const chunks = options.chunks ?? [];
    const sendFrom = (index: number) => {
      if (options.cutAfter !== undefined && index === options.cutAfter) {
        req.destroy();
        resolve({ status: 0, headers: {}, body: Buffer.alloc(0) });
        return;
      }
      if (index === chunks.length) {
        req.end();
        return;
      }
      // Written one by one with a pause, so that a cut really falls in the middle of the body.
      req.write(chunks[index], () => setTimeout(() => sendFrom(index + 1), 20));
    };
    sendFrom(0);
  });
}

/** The `{ error, code }` of a refused upload or download. */
export function refusal(response: RawResponse): { status: number; code?: string; error?: string } {
  let body: { code?: string; error?: string } = {};
  try {
    body = JSON.parse(response.body.toString()) as typeof body;
  } catch {
    // No JSON body: the status says it all.
  }
  return { status: response.status, ...body };
}
