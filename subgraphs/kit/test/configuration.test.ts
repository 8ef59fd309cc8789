import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  databaseProvisionSettings,
  databaseSettings,
  readConfig,
  serverSettings,
  setting,
} from '@etl/kit';

describe('configuration from the environment', () => {
  const shape = { ...serverSettings, ...databaseSettings, PORT: setting.port(4001) };

  it('applies defaults and coerces values', () => {
    const config = readConfig(shape, {
      DATABASE_URL: 'postgres://u@db:5432/users',
      PORT: '0',
      MIGRATE_ON_START: 'false',
      HOST: '',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      PORT: 0,
      DATABASE_POOL_MAX: 10,
      MIGRATE_ON_START: false,
      SHUTDOWN_DRAIN_MS: 10_000,
    });
  });

  it('names every bad variable at once, with what was expected and what was given', () => {
    let error: ConfigError | undefined;
    try {
      readConfig(shape, {
        NODE_ENV: 'prod',
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        DATABASE_POOL_MAX: '-1',
        MIGRATE_ON_START: 'maybe',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(5);
    expect(error!.message).toContain('NODE_ENV: expected development, production or test (got "prod")');
    expect(error!.message).toContain('PORT: expected 0–65535 (got "70000")');
    expect(error!.message).toContain('DATABASE_URL: expected a postgres:// connection URL (got "mysql://x")');
    expect(error!.message).toContain('DATABASE_POOL_MAX: expected a number above 0 (got "-1")');
    expect(error!.message).toContain('MIGRATE_ON_START: expected true or false (got "maybe")');
  });

  it('reads a setting from the file named by <NAME>_FILE (mounted secrets), the variable itself winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-config-'));
    writeFileSync(join(dir, 'url'), 'postgres://u:secret@db:5432/users\n');
    expect(readConfig(shape, { DATABASE_URL_FILE: join(dir, 'url') }).DATABASE_URL).toBe(
      'postgres://u:secret@db:5432/users',
    );
    expect(
      readConfig(shape, { DATABASE_URL: 'postgres://direct@db/users', DATABASE_URL_FILE: join(dir, 'url') })
        .DATABASE_URL,
    ).toBe('postgres://direct@db/users');
    expect(() => readConfig(shape, { DATABASE_URL_FILE: join(dir, 'missing') })).toThrow(
      /DATABASE_URL_FILE: cannot read .*missing \(ENOENT\)/,
    );
  });

  it('reads every database URL of the deploy steps from a file: service, admin, owner and service role', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-config-'));
    const urls = {
      DATABASE_URL: 'postgres://etl_users_service:s3rvice@db:5432/etl_users',
      DATABASE_ADMIN_URL: 'postgres://postgres:adm1n@db:5432/postgres',
      DATABASE_OWNER_URL: 'postgres://etl_users_owner:0wner@db:5432/etl_users',
      DATABASE_SERVICE_URL: 'postgres://etl_users_service:s3rvice@db:5432/etl_users',
    };
    const env: NodeJS.ProcessEnv = {};
    for (const [name, url] of Object.entries(urls)) {
      writeFileSync(join(dir, name), `${url}\n`, { mode: 0o600 });
      env[`${name}_FILE`] = join(dir, name);
    }
    expect(readConfig({ ...databaseSettings, ...databaseProvisionSettings }, env)).toMatchObject(urls);
  });

  it('counts an empty secret file as unset: an optional secret left empty in a Secret or a compose secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-config-'));
    writeFileSync(join(dir, 'empty'), '\n');
    // Optional, 32 characters when set: an empty file is not a too-short secret.
    const optional = { GATEWAY_SECRET: serverSettings.GATEWAY_SECRET };
    expect(readConfig(optional, { GATEWAY_SECRET_FILE: join(dir, 'empty') }).GATEWAY_SECRET).toBeUndefined();
    expect(() => readConfig(shape, { DATABASE_URL_FILE: join(dir, 'empty') })).toThrow(/DATABASE_URL: .*\(unset\)/);
  });

  it('reports a missing required variable as unset', () => {
    expect(() => readConfig(shape, {})).toThrow(/DATABASE_URL: .*\(unset\)/);
  });
});
