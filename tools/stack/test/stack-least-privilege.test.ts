import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, postGraphQL, queryAs } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startStack, stopStack, stopStartedStacks, type StartedStack } from './support/stack-process.js';

const ADMIN_PASSWORD = 'admin-password-only-for-the-bootstrap';

/** The processes whose parent is `pid`, by the entry point they run (`users`, `runner`, …). */
function servicesOf(pid: number): Map<string, number> {
  const services = new Map<string, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const name = /\/(users|scripts|logs|gateway|runner)\/dist\/main\.js$/.exec(command.join(' ').trim())?.[1];
      if (name) services.set(name, Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return services;
}

/** A process's environment as the kernel holds it: what any child it starts would inherit. */
function environmentOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

function withDatabase(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${database}`;
  return other.toString();
}

describe('the local stack gives each service the least it needs', () => {
  let dataDir: string;
  let stack: StartedStack;
  let environments: Map<string, Map<string, string>>;
  let postgresPort: number;
  let gatewayPort: number;

  beforeAll(async () => {
    expect(existsSync(cli), 'build first: the test command runs `pnpm build`').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'etl-least-privilege-'));
    chmodSync(dataDir, 0o755);
    const ports = [];
    for (let i = 0; i < 6; i += 1) ports.push(await freePort());
    const [gateway, users, scripts, logs, postgres, runner] = ports as [number, number, number, number, number, number];
    postgresPort = postgres;
    gatewayPort = gateway;
    stack = await startStack({
      ETL_DATA_DIR: dataDir,
      GATEWAY_PORT: String(gateway),
      USERS_PORT: String(users),
      SCRIPTS_PORT: String(scripts),
      LOGS_PORT: String(logs),
      RUNNER_PORT: String(runner),
      ETL_POSTGRES_PORT: String(postgres),
      ETL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      USERS_DATABASE_URL: '',
      SCRIPTS_DATABASE_URL: '',
      // Secrets an operator might have in the launcher's shell: they must reach no service as values.
      FILE_URL_SECRET: 'file-url-secret-given-to-the-launcher-0123456789',
      LOG_LEVEL: 'info',
    });
    const services = servicesOf(stack.child.pid!);
    environments = new Map([...services].map(([name, pid]) => [name, environmentOf(pid)]));
  }, 300_000);

  afterAll(async () => {
    await stopStartedStacks();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands every service only its own secrets, as files, and the admin password to none', async () => {
    expect([...environments.keys()].sort()).toEqual(['gateway', 'logs', 'runner', 'scripts', 'users']);
    const secretValues = [
      ADMIN_PASSWORD,
      'file-url-secret-given-to-the-launcher-0123456789',
      readFileSync(join(dataDir, 'keys', 'gateway-secret'), 'utf8'),
      readFileSync(join(dataDir, 'keys', 'file-url-secret'), 'utf8'),
      readFileSync(join(dataDir, 'keys', 'jwt-signing-key.pem'), 'utf8').split('\n')[1]!,
      ...readdirSync(join(dataDir, 'secrets')).map((file) => readFileSync(join(dataDir, 'secrets', file), 'utf8')),
    ];
    const secretFiles = (name: string) =>
      [...environments.get(name)!.keys()]
        .filter((key) => key.endsWith('_FILE') && key !== 'JWT_PUBLIC_KEYS_FILE')
        .sort();
    for (const [name, environment] of environments) {
      const text = [...environment].map(([key, value]) => `${key}=${value}`).join('\n');
      for (const secret of secretValues) expect(text, `${name} holds a secret value`).not.toContain(secret);
      for (const key of [
        'ETL_ADMIN_PASSWORD',
        'GATEWAY_SECRET',
        'FILE_URL_SECRET',
        'JWT_PRIVATE_KEY',
        'DATABASE_URL',
      ]) {
        expect(environment.has(key), `${name} has ${key} as a value`).toBe(false);
      }
      expect(environment.has('ETL_ADMIN_PASSWORD_FILE'), name).toBe(false);
      // Nothing of the test runner's own environment leaks through: an allow-list, not a copy.
      expect(environment.has('VITEST'), name).toBe(false);
    }
    expect(secretFiles('users')).toEqual(['DATABASE_URL_FILE', 'GATEWAY_SECRET_FILE', 'JWT_PRIVATE_KEY_FILE']);
    expect(secretFiles('scripts')).toEqual(['DATABASE_URL_FILE', 'FILE_URL_SECRET_FILE', 'GATEWAY_SECRET_FILE']);
    expect(secretFiles('runner')).toEqual(['DATABASE_URL_FILE']);
    expect(secretFiles('logs')).toEqual(['GATEWAY_SECRET_FILE']);
    expect(secretFiles('gateway')).toEqual(['GATEWAY_SECRET_FILE']);
    const databaseFiles = ['users', 'scripts', 'runner'].map((name) =>
      environments.get(name)!.get('DATABASE_URL_FILE'),
    );
    expect(new Set(databaseFiles).size).toBe(3);
    // The secret the launcher was given as a value reaches the scripts service from a file.
    const fileUrlSecret = environments.get('scripts')!.get('FILE_URL_SECRET_FILE')!;
    expect(readFileSync(fileUrlSecret, 'utf8')).toBe('file-url-secret-given-to-the-launcher-0123456789');
    // ...and the admin password set in the bootstrap signs the admin in.
    const login = await postGraphQL(
      `http://127.0.0.1:${gatewayPort}/graphql`,
      'mutation($p: String!) { login(login: "admin", password: $p) { user { login } } }',
      { variables: { p: ADMIN_PASSWORD } },
    );
    expect(login.data).toEqual({ login: { user: { login: 'admin' } } });
  });

  it('connects no service as a superuser, and no service role reaches another database or runs programs', async () => {
    const urls = Object.fromEntries(
      ['users', 'scripts', 'runner'].map((name) => [
        name,
        readFileSync(environments.get(name)!.get('DATABASE_URL_FILE')!, 'utf8'),
      ]),
    );
    for (const [name, url] of Object.entries(urls)) {
      const { rows } = await queryAs(
        url,
        'select rolsuper, current_user as role from pg_roles where rolname = current_user',
      );
      expect(rows, name).toEqual([{ rolsuper: false, role: expect.stringMatching(/^etl_/) }]);
      await expect(queryAs(url, "copy pg_catalog.pg_class from program 'id'"), name).rejects.toThrow(
        /(permission denied to COPY to or from an external program|privileges of the pg_execute_server_program role)/,
      );
      await expect(queryAs(url, 'create table intruder (id int)'), name).rejects.toThrow(
        /permission denied for schema public/,
      );
      await expect(queryAs(withDatabase(url, 'postgres'), 'select 1'), name).rejects.toThrow(
        /permission denied for database/,
      );
    }
    await expect(queryAs(withDatabase(urls.users!, 'etl_scripts'), 'select 1')).rejects.toThrow(
      /permission denied for database "etl_scripts"/,
    );
    for (const name of ['scripts', 'runner']) {
      await expect(queryAs(withDatabase(urls[name]!, 'etl_users'), 'select 1'), name).rejects.toThrow(
        /permission denied for database "etl_users"/,
      );
    }
    // The service role reads and writes its rows; the runner's only the queue and the runs.
    expect((await queryAs(urls.users!, 'select count(*)::int as n from users')).rows).toEqual([{ n: 1 }]);
    await expect(queryAs(urls.runner!, 'select * from scripts')).rejects.toThrow(/permission denied for table scripts/);
    await expect(queryAs(urls.scripts!, 'drop table scripts')).rejects.toThrow(/must be owner of table scripts/);
  });

  it('keeps the database passwords in files only their owner reads, checked with scram-sha-256', async () => {
    const secrets = join(dataDir, 'secrets');
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    const files = readdirSync(secrets);
    expect(files).toContain('postgres-superuser-password');
    for (const file of files) expect(statSync(join(secrets, file)).mode & 0o777, file).toBe(0o600);
    const password = readFileSync(join(secrets, 'postgres-superuser-password'), 'utf8');
    expect(password).toMatch(/^[\w-]{43}$/);
    const superuser = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postgresPort}/postgres`;
    const rules = await queryAs(superuser, 'select distinct auth_method from pg_hba_file_rules');
    expect(rules.rows).toEqual([{ auth_method: 'scram-sha-256' }]);
    const stored = await queryAs(
      superuser,
      "select rolname, rolpassword like 'SCRAM-SHA-256$%' as scram from pg_authid where rolname like 'etl\\_%' or rolname = 'postgres' order by rolname",
    );
    expect(stored.rows.map((row) => row.rolname)).toEqual([
      'etl_runner',
      'etl_scripts_owner',
      'etl_scripts_service',
      'etl_users_owner',
      'etl_users_service',
      'postgres',
    ]);
    expect(stored.rows.every((row) => row.scram)).toBe(true);
    // The old fixed password is refused.
    await expect(queryAs(superuser.replace(encodeURIComponent(password), 'postgres'), 'select 1')).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('stops cleanly', async () => {
    expect(await stopStack(stack)).toBe(0);
  }, 60_000);
});
