import { startRecordingProxy, type RecordingProxy } from '@etl/testkit';
import { afterAll, beforeAll } from 'vitest';
import type { RunningGateway } from '../../src/index.js';
import { startStubUsersSubgraph, type StubUsersOptions, type StubUsersSubgraph } from './stub-users-subgraph.js';
import { startTestGateway } from './test-gateway.js';

export interface StubbedGateway {
  users: StubUsersSubgraph;
  /** What the gateway sent the users subgraph (with `recordCalls`). */
  proxy: RecordingProxy;
  gateway: RunningGateway;
}

export interface StubbedGatewayOptions {
  users?: StubUsersOptions;
  /** Puts a recording proxy between the gateway and the stub. */
  recordCalls?: boolean;
  /** Gateway settings beyond the test defaults. */
  env?: Record<string, string>;
}

/**
 * For a describe block: a gateway in front of the stub users subgraph, started before its tests
 * and stopped after them. The fields are set once the block's tests run.
 */
export function useStubbedGateway(options: StubbedGatewayOptions = {}): StubbedGateway {
  const stack = {} as StubbedGateway;
  beforeAll(async () => {
    stack.users = await startStubUsersSubgraph(options.users);
    if (options.recordCalls) stack.proxy = await startRecordingProxy(stack.users.url);
    const usersUrl = options.recordCalls ? stack.proxy.url : stack.users.url;
    stack.gateway = await startTestGateway({ USERS_URL: usersUrl, ...options.env });
  });
  afterAll(async () => {
    await stack.gateway?.stop();
    await stack.proxy?.close();
    await stack.users?.close();
  });
  return stack;
}
