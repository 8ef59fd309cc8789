import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../src/gateway-context.js';
import { HeaderForwardingDataSource } from '../src/header-forwarding-data-source.js';
import { InflightQuerySharing } from '../src/inflight-query-sharing.js';

const ENTITIES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on User{login}}}';
type Representation = { __typename: string; id: string };

/**
 * The data source asks a subgraph for each distinct entity representation once and spreads the
 * answer (and any error) back over every position of the plan's list, in order. The subgraph here
 * is a real HTTP server that records the representations it receives; `broken` fails its entity.
 */
describe('repeated entity representations', () => {
  let server: Server;
  const received: Representation[][] = [];
  let dataSource: HeaderForwardingDataSource;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as {
          variables: { representations: Representation[] };
        };
        const representations = variables.representations;
        received.push(representations);
        const errors = representations.flatMap((representation, index) =>
          representation.id === 'broken'
            ? [
                {
                  message: 'User broken is gone',
                  path: ['_entities', index, 'login'],
                  extensions: { code: 'NOT_FOUND' },
                },
              ]
            : [],
        );
        const entities = representations.map(({ id }) => (id === 'broken' ? null : { login: `login-${id}` }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { _entities: entities }, ...(errors.length ? { errors } : {}) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dataSource = new HeaderForwardingDataSource(
      'users',
      `http://127.0.0.1:${port}/graphql`,
      10_000,
      undefined,
      new InflightQuerySharing(),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const users = (...ids: string[]): Representation[] => ids.map((id) => ({ __typename: 'User', id }));
  const ask = (representations: Representation[]) => {
    const context = { requestId: 'entities-test' } as unknown as GatewayContext;
    return dataSource.process({
      // GraphQLDataSourceRequestKind.INCOMING_OPERATION, an enum @apollo/gateway declares but does not export.
      kind: 'incoming operation',
      request: { query: ENTITIES, variables: { representations } },
      context,
      incomingRequestContext: { context, operation: { operation: 'query' } },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  };

  it('sends each distinct representation once and answers every position, in order', async () => {
    const response = await ask(users('a', 'b', 'a', 'a', 'c', 'b'));
    expect(received.at(-1)).toEqual(users('a', 'b', 'c'));
    expect(response.data?._entities).toEqual(['a', 'b', 'a', 'a', 'c', 'b'].map((id) => ({ login: `login-${id}` })));
    expect(response.errors).toBeUndefined();
  });

  it("gives a failed entity's error to every position that asked for it", async () => {
    const response = await ask(users('broken', 'a', 'broken', 'b', 'broken'));
    expect(received.at(-1)).toEqual(users('broken', 'a', 'b'));
    expect(response.data?._entities).toEqual([null, { login: 'login-a' }, null, { login: 'login-b' }, null]);
    expect(response.errors?.map((error) => error.path)).toEqual([
      ['_entities', 0, 'login'],
      ['_entities', 2, 'login'],
      ['_entities', 4, 'login'],
    ]);
    expect(response.errors?.every((error) => error.extensions?.code === 'NOT_FOUND')).toBe(true);
  });

  it('sends a list without repeats as it is', async () => {
    const response = await ask(users('c', 'a', 'b'));
    expect(received.at(-1)).toEqual(users('c', 'a', 'b'));
    expect(response.data?._entities).toEqual(['c', 'a', 'b'].map((id) => ({ login: `login-${id}` })));
  });
});
