import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientOperations, errorCodes, schemaDir } from '@etl/testkit';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLogsTestStack, type LogsTestStack } from './support/logs-test-stack.js';

/** The operations of schema/operations/logs.graphql, sent whole through the real gateway, and what they answer. */
describe('logs.graphql through the gateway', () => {
  let stack: LogsTestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startLogsTestStack();
    token = (await stack.createUser(['operator'])).accessToken;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('logs.graphql validates against the composed API schema', () => {
    const api = buildSchema(readFileSync(join(schemaDir, 'api.graphql'), 'utf8'));
    expect(validate(api, parse(clientOperations('logs'))).map((e) => e.message)).toEqual([]);
  });

  it('Pods lists the pods of a namespace with their labels and containers', async () => {
    const response = await stack.operation('logs', 'Pods', { token, variables: { namespace: 'etl' } });
    expect(errorCodes(response), response.text).toEqual([]);
    expect(response.data!.pods).toEqual([
      {
        name: 'api-0',
        namespace: 'etl',
        phase: 'Running',
        nodeName: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        labels: { app: 'api', tier: 'web' },
        containers: [
          { name: 'api', ready: true, restartCount: 1 },
          { name: 'sidecar', ready: true, restartCount: 0 },
        ],
      },
      expect.objectContaining({ name: 'worker-0', labels: { app: 'worker', tier: 'batch' } }),
    ]);
    const selected = await stack.operation('logs', 'Pods', {
      token,
      variables: { namespace: 'etl', labelSelector: 'tier notin (web)' },
    });
    expect(selected.data!.pods.map((p: { name: string }) => p.name)).toEqual(['worker-0']);
  });

  it('PodLogs reads one container with every option', async () => {
    const response = await stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'api-0', container: 'api', tailLines: 3 },
    });
    expect(errorCodes(response), response.text).toEqual([]);
    expect(response.data!.podLogs).toEqual({
      pod: 'api-0',
      container: 'api',
      truncated: true,
      lines: [
        { timestamp: '2026-01-01T00:00:12.000Z', stream: 'STDERR', message: 'WARN slow query' },
        { timestamp: '2026-01-01T00:00:14.000Z', stream: 'STDOUT', message: 'request served' },
        { timestamp: '2026-01-01T00:00:20.000Z', stream: 'STDOUT', message: 'api ready' },
      ],
    });
    const filtered = await stack.operation('logs', 'PodLogs', {
      token,
      variables: {
        namespace: 'etl',
        pod: 'api-0',
        container: 'api',
        sinceTime: '2026-01-01T00:00:11Z',
        limitBytes: 1000,
        grep: '/^(warn|api)/i',
      },
    });
    expect(filtered.data!.podLogs.lines.map((l: { message: string }) => l.message)).toEqual([
      'WARN slow query',
      'api ready',
    ]);
    const previous = await stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'api-0', container: 'api', previous: true },
    });
    expect(previous.data!.podLogs).toMatchObject({ truncated: false, lines: [{ message: 'previous run: crashed' }] });
    const single = await stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'worker-0' },
    });
    expect(single.data!.podLogs).toMatchObject({
      container: 'worker',
      lines: [{ message: 'worker tick' }, { message: 'worker done' }],
    });
  });

  it('Logs merges the pods a selector matches, by time', async () => {
    const response = await stack.operation('logs', 'Logs', {
      token,
      variables: { namespace: 'etl', labelSelector: 'app in (api,worker)', tailLines: 2 },
    });
    expect(errorCodes(response), response.text).toEqual([]);
    expect(
      response.data!.logs.map((l: Record<string, string>) => `${l.pod}/${l.container} ${l.stream} ${l.message}`),
    ).toEqual([
      'api-0/sidecar STDOUT sidecar up',
      'worker-0/worker STDERR worker tick',
      'api-0/api STDOUT request served',
      'api-0/api STDOUT api ready',
      'worker-0/worker STDOUT worker done',
    ]);
    expect(response.data!.logs[0].timestamp).toBe('2026-01-01T00:00:11.000Z');
    const grep = await stack.operation('logs', 'Logs', {
      token,
      variables: { namespace: 'etl', labelSelector: 'tier', container: 'worker', grep: 'done' },
    });
    expect(grep.data!.logs).toEqual([
      {
        pod: 'worker-0',
        container: 'worker',
        timestamp: '2026-01-01T00:00:21.000Z',
        stream: 'STDOUT',
        message: 'worker done',
      },
    ]);
  });
});
