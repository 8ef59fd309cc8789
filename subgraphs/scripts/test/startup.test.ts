import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, toJwks, toPublicJwk } from '@etl/kit';
import { createTestDatabase } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { readScriptsConfig, startScriptsSubgraph } from '../src/index.js';

/** Starts the subgraph on a throwaway database with `env` and returns what the start did. */
async function startWith(env: Record<string, string>, check: (started: Promise<unknown>) => Promise<void>) {
  const database = await createTestDatabase();
  try {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const started = startScriptsSubgraph(
      readScriptsConfig({
        DATABASE_URL: database.url,
        JWT_PUBLIC_KEYS: toJwks([toPublicJwk(publicKey)]),
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...env,
      }),
    );
    await check(started);
  } finally {
    await database.drop();
  }
}

describe('starting the scripts subgraph', () => {
  it('refuses to start, naming PYTHON_PATH, when the interpreter cannot check scripts', async () => {
    await startWith({ PYTHON_PATH: '/nonexistent/python3' }, async (started) => {
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/PYTHON_PATH: cannot check scripts with \/nonexistent\/python3/);
    });
  });

  it('refuses to start, naming FILES_DIR once, when the file store cannot be used', async () => {
    const notAFolder = join(await mkdtemp(join(tmpdir(), 'etl-startup-')), 'a-file');
    await writeFile(notAFolder, 'x');
    await startWith({ FILES_DIR: notAFolder }, async (started) => {
      const error = await started.then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^FILES_DIR: cannot store files in /)]);
    });
    await rm(dirname(notAFolder), { recursive: true, force: true });
  });

  it('names every bad setting at once', () => {
    let message = '';
    try {
      readScriptsConfig({ SCRIPT_MAX_BYTES: '-1', PORT: 'x' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as ConfigError).message;
    }
    for (const name of ['SCRIPT_MAX_BYTES', 'PORT', 'DATABASE_URL', 'JWT_PUBLIC_KEYS']) expect(message).toContain(name);
  });
});
