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
  /** One access token per connection, in turn, instead of the one in `headers`. */
  callerTokens?: string[];
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers, 200s that carry GraphQL `errors`, and a run with no answer. */
  errors: number;
  /** The first failing body, to tell what went wrong. */
  firstError: string | null;
}

/** In ms with one decimal: autocannon times each response to the microsecond. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

/** How long one answer may take before it counts as an error: the whole tree, on a loaded machine, takes seconds. */
const REQUEST_TIMEOUT_SECONDS = 30;

/** Whether an answer failed: an HTTP error status, or a 200 that carries GraphQL `errors`. */
function failed(status: number, body: string): boolean {
  return status >= 300 || body.startsWith('{"errors"') || body.includes('"errors":[');
}

/** Gives each new connection the next caller's token, so that no two connections ask as one. */
function callerPerConnection(headers: Record<string, string>, tokens: string[]): (client: autocannon.Client) => void {
  let next = 0;
  return (client) => client.setHeaders({ ...headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` });
}

async function drive(spec: LoadSpec): Promise<LoadResult> {
  const times: number[] = [];
  let firstError: string | null = null;
  // autocannon reports an answer's status, then hands its body to verifyBody, synchronously.
  let lastStatus = 200;
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
    timeout: REQUEST_TIMEOUT_SECONDS,
    headers: spec.headers,
    body: spec.body,
    ...(spec.callerTokens ? { setupClient: callerPerConnection(spec.headers, spec.callerTokens) } : {}),
    // Every failed answer counts once, as a mismatch, whatever its status.
    verifyBody: (raw) => {
      const body = String(raw ?? '');
      if (!failed(lastStatus, body)) return true;
      firstError ??= `HTTP ${lastStatus}: ${body.slice(0, 500)}`;
      return false;
    },
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    lastStatus = statusCode;
    times.push(responseTime);
  });
  instance.on('reqError', (error: Error) => {
    firstError ??= error.message;
  });
  const result = await finished;
  times.sort((a, b) => a - b);
  // A run in which nothing came back measured nothing: that is a failure, not a zero.
  const unanswered = result.requests.total === 0 && !firstError ? 1 : 0;
  if (unanswered)
    firstError = `no answer within the run (${spec.seconds ?? spec.requests} ${spec.seconds ? 's' : 'requests'})`;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / (result.duration || 1),
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    p99Ms: percentile(times, 0.99),
    // `errors` holds connection errors and timeouts; failed answers are `mismatches`.
    errors: result.errors + result.mismatches + unanswered,
    firstError,
  };
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
process.stdout.write(`${JSON.stringify(await drive(spec))}\n`);
