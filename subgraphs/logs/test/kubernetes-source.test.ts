import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseGrep } from '../src/logs/log-filter.js';
import { LogsService } from '../src/logs/logs.service.js';
import { LabelSelector } from '../src/names/label-selector.js';
import { KubernetesLogSource } from '../src/sources/kubernetes/kubernetes-log-source.js';
import { loadKubeConfig } from '../src/sources/kubernetes/kube-config.js';
import type { PodLogQuery } from '../src/sources/log-source.js';
import { FakeKubernetesApi } from './support/fake-kubernetes-api.js';
import { podLogQuery, TEST_LOGS_POLICY } from './support/pod-log-folders.js';

/**
 * The kubernetes source: the real @kubernetes/client-node over real HTTP against a fake API
 * server, checking what is asked of the API and how its answers and refusals come back.
 */

const LOG = [
  '2026-01-01T00:00:01.000000001Z starting',
  '2026-01-01T00:00:02.5Z listening on :8080',
  '2026-01-01T00:00:03Z GET /health 200',
  '2026-01-01T00:00:04.123456789Z ERROR upstream timeout',
  '2026-01-01T00:00:05.000000000Z GET /health 200',
].join('\n');

describe('the kubernetes source', () => {
  const api = new FakeKubernetesApi();
  let source: KubernetesLogSource;

  const query = (extra: Partial<PodLogQuery> = {}) => podLogQuery('api-0', extra);
  const logRequests = () => api.requestsTo('/log').map((r) => r.query);

  beforeAll(async () => {
    await api.start();
    source = new KubernetesLogSource({ kubeConfig: loadKubeConfig(api.url), timeoutMs: 5000, maxLines: 5000 });
    api.pods.set('etl', [
      {
        name: 'api-0',
        labels: { app: 'api' },
        containers: ['api'],
        nodeName: 'node-1',
        startTime: '2026-01-01T00:00:00Z',
        restarts: { api: 2 },
      },
      { name: 'worker-0', labels: { app: 'worker' }, containers: ['worker', 'metrics'] },
    ]);
    api.logs.set('etl/api-0/api', LOG);
    api.logs.set('etl/api-0/api/previous', '2025-12-31T23:59:59Z crashed: out of memory');
    api.logs.set('etl/worker-0/worker', '2026-01-01T00:00:06Z tick');
  });
  beforeEach(() => api.clear());
  afterAll(() => api.stop());

  it('lists pods with the label selector passed to the API', async () => {
    const pods = await source.listPods('etl', LabelSelector.parse('app in (api, worker), !canary'));
    expect(api.requestsTo('/namespaces/etl/pods')).toEqual([
      { method: 'GET', path: '/api/v1/namespaces/etl/pods', query: { labelSelector: 'app in (api,worker),!canary' } },
    ]);
    expect(pods).toEqual([
      {
        name: 'api-0',
        namespace: 'etl',
        phase: 'Running',
        nodeName: 'node-1',
        startedAt: new Date('2026-01-01T00:00:00Z'),
        labels: { app: 'api' },
        containers: [{ name: 'api', ready: true, restartCount: 2 }],
      },
      expect.objectContaining({ name: 'worker-0', nodeName: null, startedAt: null }),
    ]);
  });

  it('passes the pod-log options through, timestamps always on', async () => {
    const result = await source.readPodLog(
      query({ container: 'api', tailLines: 3, sinceSeconds: 600, limitBytes: 4096 }),
    );
    expect(logRequests()).toEqual([
      {
        container: 'api',
        tailLines: '4',
        sinceSeconds: '600',
        previous: 'false',
        limitBytes: '4096',
        timestamps: 'true',
      },
    ]);
    expect(result.container).toBe('api');
    expect(result.lines.map((l) => l.message)).toEqual([
      'GET /health 200',
      'ERROR upstream timeout',
      'GET /health 200',
    ]);
    expect(result.lines.map((l) => l.stream)).toEqual([null, null, null]);
    expect(result.lines[1]).toMatchObject({ time: new Date('2026-01-01T00:00:04.123Z'), nanos: 456789 });
    // Five lines exist, three were asked for: the extra line fetched shows older lines were left out.
    expect(result.truncated).toBe(true);
  });

  it('sends sinceTime and previous, and picks the only container itself', async () => {
    const result = await source.readPodLog(query({ sinceTime: new Date('2025-12-31T00:00:00Z'), previous: true }));
    expect(logRequests()).toEqual([
      expect.objectContaining({
        container: 'api',
        previous: 'true',
        sinceTime: '2025-12-31T00:00:00.000Z',
        timestamps: 'true',
      }),
    ]);
    expect(logRequests()[0]).not.toHaveProperty('sinceSeconds');
    expect(result.lines.map((l) => l.message)).toEqual(['crashed: out of memory']);
    expect(result.truncated).toBe(false);
  });

  it('fetches a search window for grep and counts only matching lines', async () => {
    const result = await source.readPodLog(query({ tailLines: 1, filter: parseGrep('/health/') }));
    expect(logRequests()[0]).toMatchObject({ tailLines: '5000' });
    expect(result.lines.map((l) => l.time.toISOString())).toEqual(['2026-01-01T00:00:05.000Z']);
    expect(result.truncated).toBe(true);
  });

  it('drops a line cut short by limitBytes and reports the cut', async () => {
    const result = await source.readPodLog(query({ limitBytes: 70 }));
    expect(result.lines.map((l) => l.message)).toEqual(['starting']);
    expect(result.truncated).toBe(true);
  });

  it('merges the pods a selector matches from one listing and their logs, without reading each pod again', async () => {
    api.logs.set('etl/worker-0/metrics', '2026-01-01T00:00:07Z scraped');
    const service = new LogsService(source, TEST_LOGS_POLICY);
    const lines = await service.mergedLogs({ namespace: 'etl', labelSelector: 'app in (api,worker)', tailLines: 1 });
    expect(lines.map((l) => `${l.pod}/${l.container}: ${l.message}`)).toEqual([
      'api-0/api: GET /health 200',
      'worker-0/worker: tick',
      'worker-0/metrics: scraped',
    ]);
    // One listing, one log per container: no GET of a single pod.
    expect(api.requests.map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces/etl/pods',
      '/api/v1/namespaces/etl/pods/api-0/log',
      '/api/v1/namespaces/etl/pods/worker-0/log',
      '/api/v1/namespaces/etl/pods/worker-0/log',
    ]);
  });

  it('maps 404 to NOT_FOUND', async () => {
    await expect(source.readPodLog(query({ pod: 'gone-0' }))).rejects.toMatchObject({
      message: 'Pod "gone-0" not found in namespace "etl"',
      extensions: { code: 'NOT_FOUND' },
    });
    // A pod that disappears between reading it and reading its log.
    api.refuse('/api/v1/namespaces/etl/pods/api-0/log', {
      code: 404,
      reason: 'NotFound',
      message: 'pods "api-0" not found',
    });
    await expect(source.readPodLog(query())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('maps 403 to FORBIDDEN', async () => {
    const message = 'pods is forbidden: User "system:serviceaccount:etl:logs" cannot list resource "pods"';
    api.refuse('/api/v1/namespaces/etl/pods', { code: 403, reason: 'Forbidden', message });
    await expect(source.listPods('etl', LabelSelector.parse(''))).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    api.refuse('/api/v1/namespaces/etl/pods/api-0/log', { code: 403, reason: 'Forbidden', message });
    await expect(source.readPodLog(query())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it("maps 400 to BAD_USER_INPUT with the API's reason", async () => {
    await expect(
      source.readPodLog(query({ pod: 'worker-0', container: 'metrics', previous: true })),
    ).rejects.toMatchObject({
      message: expect.stringContaining('previous terminated container "metrics" in pod "worker-0" not found'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    api.refuse('/api/v1/namespaces/etl/pods/api-0/log', {
      code: 400,
      reason: 'BadRequest',
      message: 'a container name must be specified for pod api-0',
    });
    await expect(source.readPodLog(query())).rejects.toMatchObject({
      message: expect.stringContaining('a container name must be specified for pod api-0'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('names the containers of a pod for an unknown or missing container, without asking for a log', async () => {
    await expect(source.readPodLog(query({ pod: 'worker-0' }))).rejects.toMatchObject({
      message: expect.stringContaining('worker, metrics'),
      extensions: { code: 'BAD_USER_INPUT', field: 'container' },
    });
    await expect(source.readPodLog(query({ container: 'db' }))).rejects.toMatchObject({
      message: expect.stringContaining('its containers: api'),
      extensions: { code: 'BAD_USER_INPUT', field: 'container' },
    });
    expect(logRequests()).toEqual([]);
  });

  it('keeps other failures internal', async () => {
    api.refuse('/api/v1/namespaces/etl/pods', { code: 500, reason: 'InternalError', message: 'etcd unavailable' });
    const failure = await source.listPods('etl', LabelSelector.parse('')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toHaveProperty('extensions.code');
  });

  it('reaches the API through KUBECONFIG when no URL is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-kubeconfig-'));
    const path = join(dir, 'config');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: fake, cluster: { server: "${api.url}", insecure-skip-tls-verify: true } }]`,
        'users: [{ name: tester, user: { token: test-token } }]',
        'contexts: [{ name: fake, context: { cluster: fake, user: tester } }]',
        'current-context: fake',
      ].join('\n'),
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = path;
    try {
      const viaFile = new KubernetesLogSource({ kubeConfig: loadKubeConfig(undefined), timeoutMs: 5000, maxLines: 10 });
      const pods = await viaFile.listPods('etl', LabelSelector.parse('app=worker'));
      expect(pods.map((p) => p.name)).toEqual(['api-0', 'worker-0']);
      expect(api.requestsTo('/namespaces/etl/pods')[0]!.query).toEqual({ labelSelector: 'app=worker' });
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
