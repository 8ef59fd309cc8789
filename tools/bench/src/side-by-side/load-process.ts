import autocannon from 'autocannon';

/**
 * The load generator, in its own process so that it takes no CPU from the process measured:
 * `node load-process.js '<json>'` drives one URL with autocannon and prints one JSON line with
 * throughput, latency percentiles (from every response's own time) and the errors counted.
 */
export interface LoadSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds?: number;
  /** Instead of `seconds`: stop after this many requests. */
  requests?: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers and 200s that carry GraphQL `errors`. */
  errors: number;
  /** The first failing body, to tell what went wrong. */
  firstError: string | null;
}

/** In ms with one decimal: autocannon times each response to the microsecond. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

async function drive(spec: LoadSpec): Promise<LoadResult> {
  const times: number[] = [];
  let firstError: string | null = null;
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    ...(spec.requests ? { amount: spec.requests } : { duration: spec.seconds ?? 8 }),
    headers: spec.headers,
    body: spec.body,
    // A GraphQL error is answered with 200: it counts as a failure here (`mismatches`).
    verifyBody: (raw) => {
      const body = String(raw ?? '');
      const ok = !body.startsWith('{"errors"') && !body.includes('"errors":[');
      if (!ok) firstError ??= body.slice(0, 500);
      return ok;
    },
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    times.push(responseTime);
    if (statusCode >= 300) firstError ??= `HTTP ${statusCode}`;
  });
  const result = await finished;
  times.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / (result.duration || 1),
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    p99Ms: percentile(times, 0.99),
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    firstError,
  };
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
process.stdout.write(`${JSON.stringify(await drive(spec))}\n`);
