import { GATEWAY_SECRET_HEADER } from '@etl/kit';
import { errorCodes, postGraphQL } from './graphql-client.js';
import { TEST_GATEWAY_SECRET } from './test-stack.js';

/** The header that makes a test's request one from the test stack's gateway. */
export const AS_GATEWAY: Readonly<Record<string, string>> = { [GATEWAY_SECRET_HEADER]: TEST_GATEWAY_SECRET };

/** Ways of asking a subgraph for its schema: directly, through an inline and a named fragment. */
const SCHEMA_PROBES = {
  serviceSdl: '{ _service { sdl } }',
  introspection: '{ __schema { queryType { name } } }',
  typeIntrospection: '{ __type(name: "Query") { name } }',
  inlineFragment: '{ ... on Query { _service { sdl } } }',
  namedFragment: 'query { ...Sdl } fragment Sdl on Query { _service { sdl } }',
};

/**
 * What a subgraph's port answers each schema probe: the error codes for a stranger (with a forged
 * secret header), and for the gateway whether `_service { sdl }` answered.
 */
export async function probeSchemaAccess(url: string): Promise<{
  stranger: Record<keyof typeof SCHEMA_PROBES, string[]>;
  gatewayGetsSdl: boolean;
}> {
  const stranger = {} as Record<keyof typeof SCHEMA_PROBES, string[]>;
  for (const [name, query] of Object.entries(SCHEMA_PROBES) as [keyof typeof SCHEMA_PROBES, string][]) {
    const response = await postGraphQL(url, query, {
      headers: { [GATEWAY_SECRET_HEADER]: `${TEST_GATEWAY_SECRET}-guess` },
    });
    stranger[name] = response.data ? ['ANSWERED', ...errorCodes(response)] : errorCodes(response);
  }
  const asGateway = await postGraphQL<{ _service: { sdl: string } }>(url, SCHEMA_PROBES.serviceSdl, {
    headers: AS_GATEWAY,
  });
  return { stranger, gatewayGetsSdl: typeof asGateway.data?._service?.sdl === 'string' };
}
