import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arg, Int, Query, Resolver } from 'type-graphql';
import {
  AccessTokenSigner,
  AccessTokenVerifier,
  AppError,
  createLogger,
  NotFoundError,
  RateLimitedError,
  startSubgraph,
  type RunningSubgraph,
} from '@etl/kit';
import { postGraphQL } from '@etl/testkit';

@Resolver()
class MaskingProbeResolver {
  @Query(() => String, { description: 'Fails the way a bug does.' })
  crash(): string {
    throw new Error('relation "secret_table" does not exist: SELECT password FROM users at /srv/app/db.ts:12');
  }

  @Query(() => String, { description: 'Fails on purpose.' })
  missing(): string {
    throw NotFoundError.entity('Script', 'geology/x.py');
  }

  @Query(() => String, { description: 'Throttled on purpose.' })
  throttled(): string {
    throw new RateLimitedError('Slow down', 17);
  }

  @Query(() => String, { description: 'Fails with a code this subgraph declared.' })
  refused(): string {
    throw new AppError('PROBE_REFUSED', 'Refused on purpose', { attempt: 3, internalNote: 'host db-7' });
  }

  @Query(() => String, { description: 'Fails with a code nobody declared.' })
  undeclared(): string {
    throw new AppError('PROBE_UNDECLARED', 'Details of /srv/app');
  }

  @Query(() => Int, { description: 'Takes a number.' })
  double(@Arg('value', () => Int, { description: 'A number.' }) value: number): number {
    return value * 2;
  }
}

const audience = { issuer: 'etl-platform', audience: 'etl-api' };
const signer = new AccessTokenSigner(
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  audience,
  900,
);

describe('error masking in a subgraph', () => {
  let subgraph: RunningSubgraph;
  const logLines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    subgraph = await startSubgraph({
      name: 'probe',
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('probe', 'info', sink),
      verifier: new AccessTokenVerifier(new Map([[signer.publicJwk.kid, signer.publicKey]]), audience),
      drainMs: 1000,
      production: true,
      gatewaySecret: 'probe-gateway-secret-of-32-characters!',
      resolvers: [MaskingProbeResolver],
      publicErrors: { codes: ['PROBE_REFUSED'], extensions: ['attempt'] },
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it('replaces an unexpected error by a generic one and logs the original with its stack', async () => {
    const response = await postGraphQL(subgraph.url, '{ crash }', { headers: { 'x-request-id': 'mask-1' } });
    expect(response.errors).toEqual([
      {
        message: 'Internal server error',
        path: ['crash'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'mask-1' },
      },
    ]);
    expect(response.text).not.toMatch(/secret_table|SELECT|\/srv\/app|stack/);
    const logged = logLines.find((line) => line.msg === 'unexpected error' && line.requestId === 'mask-1');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('secret_table');
    expect((logged!.err as { stack: string }).stack).toMatch(/at /);
  });

  it('passes errors raised on purpose, with their code and extensions', async () => {
    const missing = await postGraphQL(subgraph.url, '{ missing }');
    expect(missing.errors?.[0]).toMatchObject({
      message: 'Script "geology/x.py" not found',
      extensions: { code: 'NOT_FOUND' },
    });
    const throttled = await postGraphQL(subgraph.url, '{ throttled }');
    expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 17 });
  });

  it('passes a code the subgraph declared with its declared extensions only, and masks an undeclared one', async () => {
    const refused = await postGraphQL(subgraph.url, '{ refused }', { headers: { 'x-request-id': 'own-1' } });
    expect(refused.errors).toEqual([
      {
        message: 'Refused on purpose',
        locations: [{ line: 1, column: 3 }],
        path: ['refused'],
        extensions: { code: 'PROBE_REFUSED', attempt: 3, requestId: 'own-1' },
      },
    ]);
    const undeclared = await postGraphQL(subgraph.url, '{ undeclared }');
    expect(undeclared.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(undeclared.text).not.toContain('/srv/app');
  });

  it('answers bad variables with BAD_USER_INPUT and malformed documents with their codes', async () => {
    const badVariable = await postGraphQL(subgraph.url, 'query($v: Int!) { double(value: $v) }', {
      variables: { v: 'ten' },
    });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const parse = await postGraphQL(subgraph.url, '{ double(value: ');
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await postGraphQL(subgraph.url, '{ nothing }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers an invalid token with UNAUTHENTICATED only where a caller is needed', async () => {
    const expired = signer.sign({ sub: 'u', login: 'u', perms: [], dm: {} }, Date.now() - 3_600_000).token;
    const open = await postGraphQL(subgraph.url, '{ double(value: 2) }', { token: expired });
    expect(open.data).toEqual({ double: 4 });
  });

  it('logs one line per operation with the request id and never the variables', async () => {
    await postGraphQL(subgraph.url, 'query Doubling($v: Int!) { double(value: $v) }', {
      variables: { v: 7654321 },
      headers: { 'x-request-id': 'log-1' },
    });
    const line = logLines.find((l) => l.requestId === 'log-1' && l.msg === 'graphql request');
    expect(line).toMatchObject({ service: 'probe', level: 'info', operationName: 'Doubling' });
    expect(typeof line!.durationMs).toBe('number');
    expect(JSON.stringify(line)).not.toContain('7654321');
  });
});
