import { clientOperations, errorCodes, postGraphQL, type GraphQLResponse } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criRecord, at } from './support/pod-log-folders.js';
import { startLogsTestStack, type LogsTestStack } from './support/logs-test-stack.js';

/**
 * Malformed, hostile and oversized input to the logs operations, through the real gateway: each
 * gets its contract code (and the argument it is about), the request id, and nothing internal:
 * no stack, no path of the pods folder, no log line of a namespace that is not shown.
 */

const LEAKS = ['stack', 'node_modules', '/tmp/', 'etl-pod-logs-', 'secret cluster chatter'];
const LONG_LINE = `${'a'.repeat(100_000)}!`;

describe('logs bad input', () => {
  let stack: LogsTestStack;
  let token: string;

  function expectError(response: GraphQLResponse, code: string, field: string | null, label: string): void {
    const shown = `${label}: ${response.text.slice(0, 400)}`;
    expect.soft(errorCodes(response), shown).toEqual([code]);
    if (field) expect.soft(response.errors?.[0]?.extensions?.field, shown).toBe(field);
    expect.soft(response.errors?.[0]?.extensions?.requestId, `${label}: requestId`).toEqual(expect.any(String));
    for (const leak of [...LEAKS, stack.folders.root])
      expect.soft(response.text, `${label} leaks ${leak}`).not.toContain(leak);
  }

  const podLogs = (variables: Record<string, unknown>) =>
    stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'api-0', container: 'api', ...variables },
    });

  beforeAll(async () => {
    stack = await startLogsTestStack({ LOGS_MAX_PODS: '1' });
    token = (await stack.createUser(['operator'])).accessToken;
    stack.folders.addPod({
      name: 'long-0',
      labels: { app: 'long' },
      logs: { main: { 0: criRecord(at(30), 'stdout', 'F', LONG_LINE) + criRecord(at(31), 'stdout', 'F', 'short') } },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const BAD_NAMES: Array<[string, string]> = [
    ['..', 'parent folder'],
    ['../kube-system', 'path traversal'],
    ['a/b', 'slash'],
    ['Etl', 'upper case'],
    ['x'.repeat(300), '300 characters'],
    ['', 'empty'],
    ['etl_api-0_uid', 'underscore (the folder separator)'],
    ['etl\u0000', 'NUL'],
  ];

  it.each(BAD_NAMES)('a namespace %j (%s) is BAD_USER_INPUT', async (namespace, label) => {
    expectError(await podLogs({ namespace }), 'BAD_USER_INPUT', 'namespace', `PodLogs ${label}`);
    expectError(
      await stack.operation('logs', 'Pods', { token, variables: { namespace } }),
      'BAD_USER_INPUT',
      'namespace',
      `Pods ${label}`,
    );
    const logs = await stack.operation('logs', 'Logs', { token, variables: { namespace, labelSelector: 'app=api' } });
    expectError(logs, 'BAD_USER_INPUT', 'namespace', `Logs ${label}`);
  });

  it.each(BAD_NAMES)('a pod %j (%s) is BAD_USER_INPUT', async (pod, label) => {
    expectError(await podLogs({ pod }), 'BAD_USER_INPUT', 'pod', label);
  });

  it.each([
    ...BAD_NAMES.filter(([name]) => name !== ''),
    ['a.b', 'dot'] as [string, string],
    ['c'.repeat(64), '64 characters'] as [string, string],
  ])('a container %j (%s) is BAD_USER_INPUT', async (container, label) => {
    expectError(await podLogs({ container }), 'BAD_USER_INPUT', 'container', label);
  });

  it('accepts the longest valid names (they are simply not found)', async () => {
    expectError(
      await podLogs({ pod: `${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(61)}` }),
      'NOT_FOUND',
      null,
      '253-char pod',
    );
    expectError(
      await podLogs({ container: 'c'.repeat(63) }),
      'BAD_USER_INPUT',
      'container',
      '63-char container of api-0',
    );
  });

  it.each([
    [{ tailLines: -1 }, 'tailLines'],
    [{ tailLines: 0 }, 'tailLines'],
    [{ tailLines: 5001 }, 'tailLines'],
    [{ tailLines: 2_147_483_647 }, 'tailLines'],
    [{ limitBytes: 0 }, 'limitBytes'],
    [{ limitBytes: 5 * 1024 * 1024 + 1 }, 'limitBytes'],
    [{ sinceSeconds: 0 }, 'sinceSeconds'],
    [{ sinceSeconds: 60, sinceTime: '2026-01-01T00:00:00Z' }, 'sinceTime'],
  ] as Array<[Record<string, unknown>, string]>)('%j is BAD_USER_INPUT', async (variables, field) => {
    expectError(await podLogs(variables), 'BAD_USER_INPUT', field, JSON.stringify(variables));
  });

  it('refuses values GraphQL cannot hold with BAD_USER_INPUT', async () => {
    expectError(await podLogs({ tailLines: 2 ** 40 }), 'BAD_USER_INPUT', null, 'tailLines 2^40');
  });

  it('refuses a sinceTime that is not an instant with BAD_USER_INPUT, through the gateway and on the subgraph', async () => {
    // The gateway passes custom scalars through unchecked; the subgraph's 400 answer for them is
    // relayed with its own code and message, not reported as an unavailable service.
    const variables = { namespace: 'etl', pod: 'api-0', sinceTime: 'yesterday' };
    const direct = await postGraphQL(stack.subgraphs.logs!.url, clientOperations('logs'), {
      token,
      operationName: 'PodLogs',
      variables,
    });
    expect(errorCodes(direct), direct.text).toEqual(['BAD_USER_INPUT']);
    expect(direct.errors![0]!.message).toContain('sinceTime');
    const relayed = await stack.operation('logs', 'PodLogs', { token, variables });
    expectError(relayed, 'BAD_USER_INPUT', null, 'sinceTime yesterday');
    expect(relayed.errors![0]!.message).toContain('sinceTime');
    expect(relayed.errors![0]!.extensions).not.toHaveProperty('serviceName');
  });

  // A backtracking engine would not finish /(a+)+$/ on this line within the test's timeout.
  it('runs a catastrophic regex on a long line correctly, in linear time', { timeout: 10_000 }, async () => {
    const none = await stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'long-0', grep: '/(a+)+$/' },
    });
    expect(errorCodes(none), none.text).toEqual([]);
    // `short` ends in a run of… nothing: only lines ending in "a" match, and the long one ends in "!".
    expect(none.data!.podLogs.lines).toEqual([]);
    const some = await stack.operation('logs', 'PodLogs', {
      token,
      variables: { namespace: 'etl', pod: 'long-0', grep: '/(a+)+!$/' },
    });
    expect(some.data!.podLogs.lines.map((l: { message: string }) => l.message.length)).toEqual([LONG_LINE.length]);
  });

  it.each([
    [`/${'a'.repeat(300)}/`, 'over-long regex'],
    ['x'.repeat(257), 'over-long substring'],
    ['/(/', 'unbalanced group'],
    ['/(?=x)y/', 'lookahead (not in RE2)'],
    ['/(a)\\1/', 'backreference (not in RE2)'],
    ['//', 'empty regex'],
  ])('grep %j (%s) is BAD_USER_INPUT', async (grep, label) => {
    expectError(await podLogs({ grep }), 'BAD_USER_INPUT', 'grep', label);
  });

  it.each([
    'app===api',
    'app in ()',
    'app in (a',
    'a b',
    '!',
    'app=a b',
    `${'k'.repeat(64)}=v`,
    `app=${'v'.repeat(64)}`,
    'app=,',
    'bad_/key=x',
  ])('label selector %j is BAD_USER_INPUT', async (labelSelector) => {
    expectError(
      await stack.operation('logs', 'Pods', { token, variables: { namespace: 'etl', labelSelector } }),
      'BAD_USER_INPUT',
      'labelSelector',
      `Pods ${labelSelector}`,
    );
    expectError(
      await stack.operation('logs', 'Logs', { token, variables: { namespace: 'etl', labelSelector } }),
      'BAD_USER_INPUT',
      'labelSelector',
      `Logs ${labelSelector}`,
    );
  });

  it.each(['kube-system', 'default'])('namespace %s, not shown, is FORBIDDEN', async (namespace) => {
    expectError(await stack.operation('logs', 'Pods', { token, variables: { namespace } }), 'FORBIDDEN', null, 'Pods');
    expectError(await podLogs({ namespace, pod: 'coredns-0', container: 'coredns' }), 'FORBIDDEN', null, 'PodLogs');
    expectError(
      await stack.operation('logs', 'Logs', { token, variables: { namespace, labelSelector: 'app=dns' } }),
      'FORBIDDEN',
      null,
      'Logs',
    );
  });

  it('an unknown pod is NOT_FOUND, an unknown container BAD_USER_INPUT naming the containers', async () => {
    const unknownPod = await podLogs({ pod: 'api-1' });
    expectError(unknownPod, 'NOT_FOUND', null, 'unknown pod');
    expect(unknownPod.errors![0]!.message).toContain('api-1');
    const unknownContainer = await podLogs({ container: 'db' });
    expectError(unknownContainer, 'BAD_USER_INPUT', 'container', 'unknown container');
    expect(unknownContainer.errors![0]!.message).toContain('api, sidecar');
    const noContainer = await podLogs({ container: null });
    expectError(noContainer, 'BAD_USER_INPUT', 'container', 'no container for a pod with two');
    const noPrevious = await podLogs({ container: 'sidecar', previous: true });
    expectError(noPrevious, 'BAD_USER_INPUT', 'previous', 'no previous run');
  });

  it('a selector matching more pods than LOGS_MAX_PODS is BAD_USER_INPUT', async () => {
    const response = await stack.operation('logs', 'Logs', {
      token,
      variables: { namespace: 'etl', labelSelector: 'app in (api,worker)' },
    });
    expectError(response, 'BAD_USER_INPUT', 'labelSelector', 'two pods, one allowed');
    expect(response.errors![0]!.message).toContain('matches 2 pods');
  });
});
