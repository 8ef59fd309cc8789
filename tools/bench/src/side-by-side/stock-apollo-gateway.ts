import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * A stock @apollo/gateway with Apollo Server's defaults, the peer our gateway is measured
 * against: it forwards only what the subgraphs need to answer (the caller's Authorization and
 * the gateway's secret). SUPERGRAPH_PATH, GATEWAY_SECRET, HOST and PORT come from the benchmark.
 */
interface PeerContext {
  authorization: string | undefined;
}

class ForwardingDataSource extends RemoteGraphQLDataSource<PeerContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<PeerContext>) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set('x-gateway-secret', process.env.GATEWAY_SECRET ?? '');
  }
}

const server = new ApolloServer<PeerContext>({
  gateway: new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
    buildService: ({ url }) => new ForwardingDataSource({ url }),
  }),
});
const { url } = await startStandaloneServer(server, {
  listen: { host: process.env.HOST, port: Number(process.env.PORT) },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`stock @apollo/gateway at ${url}`);
