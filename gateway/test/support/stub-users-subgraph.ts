import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokenSigner, AccessTokenVerifier, AuthenticationError } from '@etl/kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSchema, graphql } from 'graphql';

/** The few fields of the users subgraph that the gateway's own tests ask for. */
const SCHEMA = buildSchema(`
  type Query { me: User, roles: [Role!]! }
  type Mutation { logoutAll: Boolean! }
  type User { id: ID!, login: String! }
  type Role { name: String! }
`);

export interface StubUsersSubgraph {
  url: string;
  /** Signs tokens the stub accepts. */
  signer: AccessTokenSigner;
  /** GraphQL requests (POSTs) it has answered or is answering. */
  readonly calls: number;
  close(): Promise<void>;
}

export interface StubUsersOptions {
  /** How long each GraphQL answer takes, so that requests overlap. */
  answerDelayMs?: number;
  /** How long a mutation's answer takes, when not `answerDelayMs`. */
  mutationDelayMs?: number;
}

async function readBody(req: IncomingMessage): Promise<{ query: string; variables?: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A stand-in for the users subgraph, so that the gateway's tests need no other package: `me`
 * answers the caller of a token signed by `signer`, and `roles` refuses an anonymous caller
 * with UNAUTHENTICATED, as the real subgraph does.
 */
export async function startStubUsersSubgraph(options: StubUsersOptions = {}): Promise<StubUsersSubgraph> {
  const audience = { issuer: 'etl-platform', audience: 'etl-api' };
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signer = new AccessTokenSigner(key.export({ type: 'pkcs8', format: 'pem' }) as string, audience, 900);
  const verifier = new AccessTokenVerifier(new Map([[signer.publicJwk.kid, signer.publicKey]]), audience);
  const caller = ({ authorization }: { authorization?: string }) => {
    if (!authorization) throw AuthenticationError.required();
    const claims = verifier.verify(authorization.replace(/^Bearer /, ''));
    return { id: claims.sub, login: claims.login };
  };
  const rootValue = {
    me: (_args: unknown, context: { authorization?: string }) => caller(context),
    roles: (_args: unknown, context: { authorization?: string }) => (caller(context), []),
    logoutAll: (_args: unknown, context: { authorization?: string }) => (caller(context), true),
  };
  let calls = 0;
  const server = createServer(async (req, res) => {
    // The gateway polls the users subgraph's revocation list: the stub revokes nothing.
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ users: {}, sessions: {} }));
      return;
    }
    calls++;
    const body = await readBody(req);
    const delayMs = /^\s*mutation\b/.test(body.query)
      ? (options.mutationDelayMs ?? options.answerDelayMs)
      : options.answerDelayMs;
    if (delayMs) await sleep(delayMs);
    const result = await graphql({
      schema: SCHEMA,
      source: body.query,
      variableValues: body.variables,
      rootValue,
      contextValue: { authorization: req.headers.authorization },
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: result.data, errors: result.errors?.map((error) => error.toJSON()) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    signer,
    get calls() {
      return calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
