import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A pod as the fake API serves it (the fields the logs subgraph reads). */
export interface FakePod {
  name: string;
  labels?: Record<string, string>;
  containers: string[];
  phase?: string;
  nodeName?: string;
  startTime?: string;
  restarts?: Record<string, number>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FakeStatus {
  code: number;
  reason: string;
  message: string;
}

/**
 * A small stand-in for the Kubernetes API server, over real HTTP: lists pods, reads a pod, and
 * serves pod logs with `tailLines` and `limitBytes` applied as the API applies them. Every request
 * is recorded; `refuse` makes a path answer with a Kubernetes `Status` error instead.
 */
export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  /** Namespace → pods. */
  readonly pods = new Map<string, FakePod[]>();
  /** `<namespace>/<pod>/<container>` (with `/previous` for the previous run) → log text with timestamps. */
  readonly logs = new Map<string, string>();
  private readonly refusals = new Map<string, FakeStatus>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answers requests to `path` with a Status error. */
  refuse(path: string, status: FakeStatus): void {
    this.refusals.set(path, status);
  }

  clear(): void {
    this.requests.length = 0;
    this.refusals.clear();
  }

  /** The requests to paths ending with `suffix`. */
  requestsTo(suffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const refusal = this.refusals.get(url.pathname);
    if (refusal) return this.status(res, refusal);
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+)(\/log)?)?$/.exec(url.pathname);
    if (!match || req.method !== 'GET')
      return this.status(res, {
        code: 404,
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    const [, namespace, podName, log] = match as unknown as [string, string, string | undefined, string | undefined];
    const pods = this.pods.get(namespace) ?? [];
    if (!podName) {
      return this.json(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: pods.map((p) => podObject(namespace, p)),
      });
    }
    const pod = pods.find((p) => p.name === podName);
    if (!pod) return this.status(res, { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` });
    if (!log) return this.json(res, 200, podObject(namespace, pod));
    const container = url.searchParams.get('container') ?? pod.containers[0]!;
    const previous = url.searchParams.get('previous') === 'true';
    const text = this.logs.get(`${namespace}/${podName}/${container}${previous ? '/previous' : ''}`);
    if (text === undefined) {
      return this.status(res, {
        code: 400,
        reason: 'BadRequest',
        message: previous
          ? `previous terminated container "${container}" in pod "${podName}" not found`
          : `container ${container} is not valid for pod ${podName}`,
      });
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(applyLogOptions(text, url.searchParams));
  }

  private status(res: ServerResponse, status: FakeStatus): void {
    this.json(res, status.code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status });
  }

  private json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

/** tailLines, then limitBytes from the start of what remains, as the API applies them. */
function applyLogOptions(text: string, params: URLSearchParams): string {
  let lines = text.split('\n').filter(Boolean);
  const tail = params.get('tailLines');
  if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  const out = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const limit = params.get('limitBytes');
  return (limit !== null ? out.subarray(0, Number(limit)) : out).toString();
}

function podObject(namespace: string, pod: FakePod): object {
  return {
    metadata: { name: pod.name, namespace, labels: pod.labels ?? {}, uid: `uid-${pod.name}` },
    spec: { nodeName: pod.nodeName, containers: pod.containers.map((name) => ({ name, image: `${name}:1` })) },
    status: {
      phase: pod.phase ?? 'Running',
      startTime: pod.startTime,
      containerStatuses: pod.containers.map((name) => ({
        name,
        ready: true,
        restartCount: pod.restarts?.[name] ?? 0,
        image: `${name}:1`,
        imageID: '',
      })),
    },
  };
}
