import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { must, python, useRunsStack, type ScriptRef } from './support/runs-fixtures.js';

const execFileAsync = promisify(execFile);
const CLIENT = fileURLToPath(new URL('../../../examples/etl_client.py', import.meta.url));
const DOUBLER = python(`
  def main(data):
      return {"doubled": data["n"] * 2}
`);

/** The standard-library client as a scheduler runs it: an API token from the environment, no password. */
async function clientWithToken(gatewayUrl: string, token: string, ...args: string[]) {
  // No ETL_PASSWORD and no login: the token alone must do.
  const { ETL_PASSWORD: _password, ...env } = process.env;
  try {
    const { stdout, stderr } = await execFileAsync('python3', [CLIENT, '--url', gatewayUrl, ...args], {
      env: { ...env, ETL_API_TOKEN: token },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('an API token through the gateway and the Python client', () => {
  const h = useRunsStack();
  let script: ScriptRef;
  let operatorToken: string;

  beforeAll(async () => {
    script = await h.newScript(DOUBLER, 'doubler');
    const operator = await h.stack.createUser(['operator']);
    operatorToken = operator.accessToken;
  });

  async function apiToken(permissions: string[]): Promise<string> {
    const created = await h.stack.operation('users', 'CreateApiToken', {
      token: operatorToken,
      variables: {
        input: { name: 'scheduler', permissions, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      },
    });
    return must(created, 'createApiToken').secret;
  }

  it("runs a script with an operator's token and no password anywhere", async () => {
    const secret = await apiToken(['scripts:execute', 'scripts:read']);
    const ran = await clientWithToken(h.stack.gatewayUrl, secret, 'run', script.logicalPath, '--input', '{"n": 21}');
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ status: 'SUCCEEDED', result: { doubled: 42 } });
  });

  it('refuses a run with a token that lacks scripts:execute, whatever its owner holds', async () => {
    const secret = await apiToken(['scripts:read']);
    const ran = await clientWithToken(h.stack.gatewayUrl, secret, 'run', script.logicalPath, '--input', '{"n": 1}');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^FORBIDDEN: Missing permission: scripts:execute/);
  });

  it('exits 1 naming the refusal for a made-up token', async () => {
    const ran = await clientWithToken(h.stack.gatewayUrl, `etl_pat_${'x'.repeat(43)}`, 'me');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^UNAUTHENTICATED: Invalid, expired or revoked API token/);
  });
});
