import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelSelector } from '../src/names/label-selector.js';
import { LogsService } from '../src/logs/logs.service.js';
import { countingOpener } from '../src/sources/node-log-files/log-file-reader.js';
import { NodeLogFileSource } from '../src/sources/node-log-files/node-log-file-source.js';
import { at, criRecord, PodLogFolders, podLogQuery, TEST_LOGS_POLICY } from './support/pod-log-folders.js';

/**
 * The files source on a folder in kubelet's layout that the test writes: partial records
 * joined, both streams kept, tails read from the end, previous runs, time filters, labels,
 * and the merge of several pods.
 */

const BIG_LINES = 200_000;

describe('the node log files source', () => {
  const folders = new PodLogFolders();
  const counter = countingOpener();
  const source = new NodeLogFileSource({
    root: folders.root,
    maxScanBytes: 256 * 1024 * 1024,
    nodeName: 'node-a',
    openFile: counter.open,
  });
  const service = new LogsService(source, TEST_LOGS_POLICY);
  let bigFileBytes = 0;

  const query = podLogQuery;

  beforeAll(() => {
    folders.addPod({
      name: 'api-7d9f-abcde',
      labels: { app: 'api', tier: 'web' },
      logs: {
        api: {
          0: criRecord(at(1), 'stdout', 'F', 'first run only'),
          1:
            criRecord(at(10), 'stdout', 'F', 'api starting') +
            criRecord(at(11), 'stdout', 'P', 'a very long ') +
            criRecord(at(11, 500), 'stderr', 'F', 'a warning in between') +
            criRecord(at(12), 'stdout', 'P', 'line split by ') +
            criRecord(at(13), 'stdout', 'F', 'the runtime') +
            criRecord(at(14), 'stderr', 'F', 'ERROR: disk full') +
            criRecord(at(15), 'stdout', 'F', 'api ready'),
        },
        sidecar: { 0: criRecord(at(12, 100), 'stdout', 'F', 'sidecar up') },
      },
    });
    folders.addPod({
      name: 'worker-0',
      labels: { app: 'worker', tier: 'batch' },
      logs: {
        worker: {
          0:
            criRecord(at(11, 200), 'stdout', 'F', 'worker tick 1') +
            criRecord(at(13, 1), 'stderr', 'F', 'worker tick 2') +
            criRecord(at(16), 'stdout', 'F', 'worker tick 3'),
        },
      },
    });
    folders.addPod({
      name: 'other-ns-pod',
      namespace: 'kube-system',
      logs: { c: { 0: criRecord(at(1), 'stdout', 'F', 'x') } },
    });
    const big: string[] = [];
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < BIG_LINES; i++) {
      big.push(
        criRecord(new Date(base + i).toISOString(), i % 10 === 0 ? 'stderr' : 'stdout', 'F', `line ${i} payload`),
      );
    }
    const content = big.join('');
    bigFileBytes = Buffer.byteLength(content);
    folders.addPod({ name: 'big', labels: { app: 'big' }, logs: { main: { 0: content } }, podJson: false });
  });
  afterAll(() => folders.remove());

  it('joins partial records into whole lines and keeps stdout and stderr apart', async () => {
    const result = await source.readPodLog(query('api-7d9f-abcde', { container: 'api' }));
    expect(result.container).toBe('api');
    expect(result.truncated).toBe(false);
    expect(result.lines.map((l) => [l.stream, l.message])).toEqual([
      ['stdout', 'api starting'],
      ['stdout', 'a very long line split by the runtime'],
      ['stderr', 'a warning in between'],
      ['stderr', 'ERROR: disk full'],
      ['stdout', 'api ready'],
    ]);
    // A joined line takes the time of its first part.
    expect(result.lines[1]!.time.toISOString()).toBe('2026-01-01T00:00:11.000Z');
  });

  it('tails the last lines and says older ones were left out', async () => {
    const result = await source.readPodLog(query('api-7d9f-abcde', { container: 'api', tailLines: 2 }));
    expect(result.lines.map((l) => l.message)).toEqual(['ERROR: disk full', 'api ready']);
    expect(result.truncated).toBe(true);
  });

  it('counts only lines matching the filter towards tailLines', async () => {
    const filter = { test: (m: string) => m.startsWith('api') };
    const result = await source.readPodLog(query('api-7d9f-abcde', { container: 'api', tailLines: 5, filter }));
    expect(result.lines.map((l) => l.message)).toEqual(['api starting', 'api ready']);
    expect(result.truncated).toBe(false);
  });

  it('reads the previous run from the file before the current one', async () => {
    const result = await source.readPodLog(query('api-7d9f-abcde', { container: 'api', previous: true }));
    expect(result.lines.map((l) => l.message)).toEqual(['first run only']);
    const sidecar = source.readPodLog(query('api-7d9f-abcde', { container: 'sidecar', previous: true }));
    await expect(sidecar).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'previous' } });
  });

  it('keeps lines at or after sinceTime', async () => {
    const result = await source.readPodLog(
      query('api-7d9f-abcde', { container: 'api', sinceTime: new Date('2026-01-01T00:00:13.000Z') }),
    );
    // The split line began at :11, so it is older than sinceTime even though its last part is not.
    expect(result.lines.map((l) => l.message)).toEqual(['ERROR: disk full', 'api ready']);
  });

  it('keeps the start of the selected lines within limitBytes, as Kubernetes does', async () => {
    const result = await source.readPodLog(query('api-7d9f-abcde', { container: 'api', limitBytes: 40 }));
    expect(result.lines.map((l) => l.message)).toEqual(['api starting']);
    expect(result.truncated).toBe(true);
  });

  it('answers NOT_FOUND for an unknown pod and names the containers for an unknown or missing one', async () => {
    await expect(source.readPodLog(query('nope'))).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(source.readPodLog(query('api-7d9f-abcde', { container: 'db' }))).rejects.toMatchObject({
      message: expect.stringMatching(/no container "db".*api, sidecar/),
      extensions: { code: 'BAD_USER_INPUT', field: 'container' },
    });
    await expect(source.readPodLog(query('api-7d9f-abcde'))).rejects.toMatchObject({
      message: expect.stringContaining('api, sidecar'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // A pod of another namespace is not in this one.
    await expect(source.readPodLog(query('other-ns-pod'))).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it(`tails a ${BIG_LINES.toLocaleString('en')}-line file reading a small part of it`, async () => {
    const before = counter.bytesRead();
    const result = await source.readPodLog(query('big', { tailLines: 1000 }));
    const read = counter.bytesRead() - before;
    expect(result.lines).toHaveLength(1000);
    expect(result.lines[0]!.message).toBe(`line ${BIG_LINES - 1000} payload`);
    expect(result.lines.at(-1)!.message).toBe(`line ${BIG_LINES - 1} payload`);
    expect(result.lines.filter((l) => l.stream === 'stderr')).toHaveLength(100);
    expect(result.truncated).toBe(true);
    expect(bigFileBytes).toBeGreaterThan(10_000_000);
    expect(read).toBeLessThan(200_000);
    expect(read).toBeLessThan(bigFileBytes / 50);
  });

  it('searches backwards only as far as the grep needs', async () => {
    const before = counter.bytesRead();
    const filter = { test: (m: string) => m.endsWith('00 payload') };
    const result = await source.readPodLog(query('big', { tailLines: 10, filter }));
    expect(result.lines.map((l) => l.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `line ${BIG_LINES - 1000 + i * 100} payload`),
    );
    expect(counter.bytesRead() - before).toBeLessThan(bigFileBytes / 50);
  });

  it('finds a plain-substring grep wherever it falls, skipping records that cannot hold it unparsed', async () => {
    // A seeded random log: both streams interleaved, lines split into partial records, the
    // needle sometimes across a split. The substring filter (which skips unparsed records) must
    // answer exactly as the same test without that shortcut.
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const words = ['alpha', 'beta', 'request-42', 'gamma', 'req', 'uest-42', 'delta'];
    let content = '';
    for (let i = 0; i < 3000; i++) {
      const stream = random(3) === 0 ? 'stderr' : 'stdout';
      const parts = 1 + random(3);
      for (let part = 0; part < parts; part++) {
        const tag = part === parts - 1 ? 'F' : 'P';
        content += criRecord(
          at(Math.floor(i / 100), (i % 100) * 1000 + part),
          stream,
          tag,
          words[random(words.length)]!,
        );
      }
    }
    folders.addPod({ namespace: 'mixed-logs', name: 'mixed', logs: { main: { 0: content } } });
    for (const needle of ['request-42', 'alphabeta', 'uest-42delta', 'stdout', 'absent']) {
      for (const tailLines of [1, 7, 5000]) {
        const fast = await source.readPodLog(
          query('mixed', {
            namespace: 'mixed-logs',
            tailLines,
            filter: { test: (m) => m.includes(needle), substring: needle },
          }),
        );
        const plain = await source.readPodLog(
          query('mixed', { namespace: 'mixed-logs', tailLines, filter: { test: (m) => m.includes(needle) } }),
        );
        expect(fast, `${needle} × ${tailLines}`).toEqual(plain);
        if (needle === 'absent') expect(fast.lines).toEqual([]);
        else if (needle !== 'stdout') expect(fast.lines.length, needle).toBeGreaterThan(0);
      }
    }
  });

  it('stops at the scan limit and says so', async () => {
    const limited = new NodeLogFileSource({ root: folders.root, maxScanBytes: 100_000, nodeName: null });
    const result = await limited.readPodLog(query('big', { tailLines: 10, filter: { test: (m) => m === 'never' } }));
    expect(result.lines).toEqual([]);
    expect(result.truncated).toBe(true);
  });

  it('lists pods with their pod.json labels, filtered by a label selector', async () => {
    const all = await source.listPods('etl', LabelSelector.parse(''));
    expect(all.map((p) => p.name)).toEqual(['api-7d9f-abcde', 'big', 'worker-0']);
    const web = await source.listPods('etl', LabelSelector.parse('tier in (web, batch),app!=worker'));
    expect(web).toEqual([
      {
        name: 'api-7d9f-abcde',
        namespace: 'etl',
        phase: 'Running',
        nodeName: 'node-a',
        startedAt: new Date('2026-01-01T00:00:00.000Z'),
        labels: { app: 'api', tier: 'web' },
        containers: [
          { name: 'api', ready: true, restartCount: 1 },
          { name: 'sidecar', ready: true, restartCount: 0 },
        ],
      },
    ]);
    expect((await source.listPods('etl', LabelSelector.parse('!tier'))).map((p) => p.name)).toEqual(['big']);
  });

  it('describes a pod without pod.json from its folder', async () => {
    const [big] = await source
      .listPods('etl', LabelSelector.parse(''))
      .then((pods) => pods.filter((p) => p.name === 'big'));
    expect(big).toMatchObject({
      name: 'big',
      namespace: 'etl',
      labels: {},
      phase: 'Running',
      containers: [{ name: 'main', ready: true, restartCount: 0 }],
    });
    expect(big!.startedAt).toBeInstanceOf(Date);
  });

  it('merges the pods a selector matches by time, every container of each', async () => {
    const lines = await service.mergedLogs({ namespace: 'etl', labelSelector: 'app in (api,worker)', tailLines: 3 });
    expect(lines.map((l) => `${l.pod}/${l.container}: ${l.message}`)).toEqual([
      'worker-0/worker: worker tick 1',
      'api-7d9f-abcde/api: a warning in between',
      'api-7d9f-abcde/sidecar: sidecar up',
      'worker-0/worker: worker tick 2',
      'api-7d9f-abcde/api: ERROR: disk full',
      'api-7d9f-abcde/api: api ready',
      'worker-0/worker: worker tick 3',
    ]);
    const onlyApi = await service.mergedLogs({
      namespace: 'etl',
      labelSelector: 'tier',
      container: 'api',
      grep: 'api',
    });
    expect(onlyApi.map((l) => l.message)).toEqual(['api starting', 'api ready']);
  });
});
