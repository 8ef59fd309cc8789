import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/**
 * Hive Gateway with its defaults, the other peer our gateway is measured against, serving the
 * same supergraph over Node's HTTP server in one process (like our gateway): it forwards the
 * caller's Authorization and the gateway's secret to the subgraphs. SUPERGRAPH_PATH,
 * GATEWAY_SECRET, HOST and PORT come from the benchmark.
 */
const gateway = createGatewayRuntime({
  supergraph: process.env.SUPERGRAPH_PATH!,
  logging: 'warn',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      'x-gateway-secret': process.env.GATEWAY_SECRET,
    }),
  },
});
const server = createServer(gateway);
server.listen(Number(process.env.PORT), process.env.HOST, () => {
  console.log(`Hive Gateway at http://${process.env.HOST}:${process.env.PORT}/graphql`);
});
process.once('SIGTERM', () => {
  server.close();
  void Promise.resolve(gateway.dispose()).then(() => process.exit(0));
});
