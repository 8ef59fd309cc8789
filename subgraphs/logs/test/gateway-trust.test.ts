import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSchemaAccess } from '@etl/testkit';
import { startLogsTestStack, type LogsTestStack } from './support/logs-test-stack.js';

/** The logs subgraph's own port, in production: only the gateway (GATEWAY_SECRET) may read the schema. */
describe("the logs subgraph's port trusts only the gateway", () => {
  let stack: LogsTestStack;
  beforeAll(async () => {
    stack = await startLogsTestStack({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the schema to the gateway only', async () => {
    expect(await probeSchemaAccess(stack.subgraphs.logs!.url)).toEqual({
      stranger: {
        serviceSdl: ['FORBIDDEN'],
        introspection: ['GRAPHQL_VALIDATION_FAILED'],
        typeIntrospection: ['GRAPHQL_VALIDATION_FAILED'],
        inlineFragment: ['FORBIDDEN'],
        namedFragment: ['FORBIDDEN'],
      },
      gatewayGetsSdl: true,
    });
  });
});
