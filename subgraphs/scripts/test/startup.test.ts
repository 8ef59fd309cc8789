import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, toJwks, toPublicJwk } from '@etl/kit';
import { createTestDatabase } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { readScriptsConfig, startScriptsSubgraph } from '../src/index.js';

describe('starting the scripts subgraph', () => {
  it('refuses to start, naming PYTHON_PATH, when the interpreter cannot check scripts', async () => {
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
          PYTHON_PATH: '/nonexistent/python3',
        }),
      );
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/PYTHON_PATH: cannot check scripts with \/nonexistent\/python3/);
    } finally {
      await database.drop();
    }
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
