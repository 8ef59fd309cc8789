import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { queryAs, testServerUrl } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dependenciesOf,
  environmentOf,
  mountsOf,
  repo,
  resolved,
  serviceNames,
  services,
  targetOf,
} from './support/compose-file.js';

// docker-compose.yml's database roles and secret volumes (see support/compose-file.ts): the
// database-secrets one-shot run as compose runs it, each service's role read from the URL file it
// is pointed at, who mounts which secret, the start order, and the one-shots' commands run for
// real against the test PostgreSQL with the volumes as folders.

/** Where the one-shots write, in their containers; each maps to a folder here. */
const CONTAINER_ROOT = '/var/lib/etl/';
const SUPERUSER_URL = '/var/lib/etl/database/admin/database-url';

/** The role each Node service connects as, through the `database-url` file its settings name. */
const ROLES: Record<string, Record<string, string>> = {
  'users-provision': {
    DATABASE_ADMIN_URL_FILE: 'postgres',
    DATABASE_OWNER_URL_FILE: 'etl_users_owner',
    DATABASE_SERVICE_URL_FILE: 'etl_users_service',
  },
  'scripts-provision': {
    DATABASE_ADMIN_URL_FILE: 'postgres',
    DATABASE_OWNER_URL_FILE: 'etl_scripts_owner',
    DATABASE_SERVICE_URL_FILE: 'etl_scripts_service',
    DATABASE_RUNNER_URL_FILE: 'etl_runner',
  },
  'users-migrate': { DATABASE_URL_FILE: 'etl_users_owner' },
  'scripts-migrate': { DATABASE_URL_FILE: 'etl_scripts_owner' },
  'runner-grant': { DATABASE_URL_FILE: 'etl_scripts_owner' },
  users: { DATABASE_URL_FILE: 'etl_users_service' },
  scripts: { DATABASE_URL_FILE: 'etl_scripts_service' },
  runner: { DATABASE_URL_FILE: 'etl_runner' },
};

/** Every volume holding a secret, and exactly who mounts it (compose grants per volume). */
const SECRET_VOLUMES: Record<string, string[]> = {
  'etl-database-admin': ['database-secrets', 'postgres', 'users-provision', 'scripts-provision'],
  'etl-users-owner': ['database-secrets', 'users-provision', 'users-migrate'],
  'etl-users-service': ['database-secrets', 'users-provision', 'users'],
  'etl-scripts-owner': ['database-secrets', 'scripts-provision', 'scripts-migrate', 'runner-grant'],
  'etl-scripts-service': ['database-secrets', 'scripts-provision', 'scripts'],
  'etl-runner-secrets': ['database-secrets', 'file-secrets', 'scripts-provision', 'runner'],
  'etl-keys': ['keys', 'users'],
  'etl-file-secrets': ['file-secrets', 'scripts', 'minio', 'minio-bucket'],
  'etl-gateway-secret': ['users', 'file-secrets', 'scripts', 'logs', 'gateway'],
};

const temporary = mkdtempSync(join(tmpdir(), 'etl-compose-roles-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** A container path under /var/lib/etl/ as the folder here that stands in for its volume. */
const local = (path: string) => join(temporary, path.slice(CONTAINER_ROOT.length));

/** Runs database-secrets' own code, its volumes as folders here (the image makes their mount points). */
function runDatabaseSecrets(): void {
  const command = resolved.services['database-secrets'].command as string[];
  expect(command.slice(0, 2)).toEqual(['node', '-e']);
  for (const mount of mountsOf('database-secrets')) {
    expect(mount.target.startsWith(CONTAINER_ROOT), mount.target).toBe(true);
    mkdirSync(local(mount.target), { recursive: true, mode: 0o700 });
  }
  const code = command[2]!.replaceAll(CONTAINER_ROOT, `${temporary}/`);
  expect(code).not.toContain(CONTAINER_ROOT);
  execFileSync(process.execPath, ['-e', code], { stdio: 'pipe' });
}

const urlIn = (path: string) => new URL(readFileSync(local(path), 'utf8'));

describe('docker-compose.yml: database roles and secret files', () => {
  beforeAll(() => runDatabaseSecrets());

  it('makes a random password per role, each as a private URL file in its own volume, kept on the next start', () => {
    const files = mountsOf('database-secrets').map((mount) => ({
      volume: mount.source,
      dir: local(mount.target),
    }));
    const first = new Map<string, string>();
    for (const { volume, dir } of files) {
      const names = readdirSync(dir).sort();
      expect(names, volume).toEqual(
        volume === 'etl-database-admin' ? ['database-url', 'postgres-password'] : ['database-url'],
      );
      for (const name of names) {
        expect(statSync(join(dir, name)).mode & 0o777, `${volume}/${name}`).toBe(0o600);
        first.set(`${volume}/${name}`, readFileSync(join(dir, name), 'utf8'));
      }
      const url = new URL(first.get(`${volume}/database-url`)!);
      expect(url.host, volume).toBe('postgres:5432');
      expect(decodeURIComponent(url.password), volume).toMatch(/^[0-9a-f]{48}$/);
    }
    const passwords = [...first.entries()]
      .filter(([name]) => name.endsWith('database-url'))
      .map(([, url]) => new URL(url).password);
    expect(new Set(passwords).size, 'each role its own password').toBe(passwords.length);
    // The superuser's URL carries the password postgres starts with.
    expect(urlIn(SUPERUSER_URL).password).toBe(first.get('etl-database-admin/postgres-password'));
    expect(environmentOf('postgres').POSTGRES_PASSWORD_FILE).toBe(`${CONTAINER_ROOT}database/admin/postgres-password`);
    expect(decodeURIComponent(urlIn(SUPERUSER_URL).username)).toBe(environmentOf('postgres').POSTGRES_USER);
    expect(environmentOf('postgres').POSTGRES_HOST_AUTH_METHOD).toBe('scram-sha-256');
    runDatabaseSecrets();
    for (const [name, value] of first) {
      const [volume, file] = name.split('/');
      const dir = files.find((f) => f.volume === volume)!.dir;
      expect(readFileSync(join(dir, file!), 'utf8'), name).toBe(value);
    }
  });

  it('connects each service as its own role: subgraphs as their service role, migrations as the owner, the superuser only to provision', () => {
    const superuser = environmentOf('postgres').POSTGRES_USER;
    for (const name of serviceNames.filter((service) => targetOf(service))) {
      const environment = environmentOf(name);
      const urlFiles = Object.entries(environment).filter(([key]) => /^DATABASE_.*URL_FILE$/.test(key));
      const roles = Object.fromEntries(urlFiles.map(([key, path]) => [key, decodeURIComponent(urlIn(path).username)]));
      expect(roles, name).toEqual(ROLES[name] ?? {});
      expect(
        Object.keys(environment).filter((key) => /DATABASE.*URL$/.test(key)),
        `${name}: no URL as a value`,
      ).toEqual([]);
      if (!name.endsWith('-provision')) expect(Object.values(roles), name).not.toContain(superuser);
    }
    // Service role and owner name the same database; the runner the scripts database.
    for (const [service, migrate] of [
      ['users', 'users-migrate'],
      ['scripts', 'scripts-migrate'],
    ] as const) {
      const served = urlIn(environmentOf(service).DATABASE_URL_FILE!).pathname;
      expect(urlIn(environmentOf(migrate).DATABASE_URL_FILE!).pathname).toBe(served);
      expect(urlIn(environmentOf(`${service}-provision`).DATABASE_SERVICE_URL_FILE!).pathname).toBe(served);
    }
    expect(urlIn(environmentOf('runner').DATABASE_URL_FILE!).pathname).toBe('/etl_scripts');
    expect(environmentOf('logs').DATABASE_URL_FILE, 'logs has no database').toBeUndefined();
  });

  it('lets each service mount only its own secrets; the superuser only the provision one-shots', () => {
    const mounted: Record<string, string[]> = {};
    for (const name of serviceNames) {
      for (const mount of mountsOf(name)) {
        if (!(mount.source in SECRET_VOLUMES)) continue;
        (mounted[mount.source] ??= []).push(name);
        // Only the one-shots that write a secret mount it writable.
        if (!mount.readOnly)
          expect(['database-secrets', 'file-secrets', 'keys'], `${name}: ${mount.source}`).toContain(name);
      }
    }
    for (const [volume, holders] of Object.entries(SECRET_VOLUMES))
      expect(mounted[volume]?.sort(), volume).toEqual([...holders].sort());
    // Every declared volume is either a secret listed above or plain data.
    const data = ['etl-postgres', 'etl-files', 'etl-minio', 'etl-public-keys'];
    expect(Object.keys(resolved.volumes).sort()).toEqual([...Object.keys(SECRET_VOLUMES), ...data].sort());
  });

  it('provisions before migrating, migrates before serving: secrets, postgres, provision, migrate, grant, service', () => {
    const after = (name: string, before: string) => expect(dependenciesOf(name)[before], `${name} after ${before}`);
    after('postgres', 'database-secrets').toBe('service_completed_successfully');
    for (const name of ['users', 'scripts']) {
      after(`${name}-provision`, 'postgres').toBe('service_healthy');
      after(`${name}-migrate`, `${name}-provision`).toBe('service_completed_successfully');
      after(name, `${name}-migrate`).toBe('service_completed_successfully');
    }
    after('runner-grant', 'scripts-migrate').toBe('service_completed_successfully');
    after('runner', 'runner-grant').toBe('service_completed_successfully');
  });
});

// ------------------------------------------------------------------------------------------------
// The one-shots for real: their commands, environments and files, against the test PostgreSQL.

const run = promisify(execFile);
const suffix = randomBytes(4).toString('hex');
/** Names made unique on the shared test server: etl_users -> etl_users_<suffix>, etl_runner likewise. */
const unique = (text: string) => text.replace(/\betl_(users|scripts|runner)/g, `etl_$1_${suffix}`);
const server = () => new URL(testServerUrl());

/** The generated URL files, pointed at the test server with unique names; the superuser's at the test server's. */
function pointFilesAtTestServer(): void {
  for (const mount of mountsOf('database-secrets')) {
    const path = join(local(mount.target), 'database-url');
    if (mount.source === 'etl-database-admin') {
      writeFileSync(path, server().toString());
      continue;
    }
    const url = new URL(unique(readFileSync(path, 'utf8')));
    url.host = server().host;
    writeFileSync(path, url.toString());
  }
}

/** A one-shot's command, as compose runs it in its image, with its environment's files here. */
async function runOneShot(name: string): Promise<string> {
  const [node, script, ...args] = services[name]!.command as string[];
  expect(node).toBe('node');
  const env: Record<string, string> = { PATH: process.env.PATH! };
  for (const [key, value] of Object.entries(environmentOf(name))) {
    env[key] = value.startsWith('/run/secrets/') ? join(temporary, 'run-secrets', value.slice(13)) : value;
    if (value.startsWith(CONTAINER_ROOT)) env[key] = local(value);
  }
  const packageDir = join(repo, 'subgraphs', targetOf(name)!);
  const { stdout } = await run(process.execPath, [join(packageDir, script!), ...args.map(unique)], { env });
  return stdout;
}

const fileUrl = (path: string) => readFileSync(local(path), 'utf8');
const outputs = new Map<string, string>();

describe('docker-compose.yml: the provision, migrate and grant one-shots against PostgreSQL', () => {
  beforeAll(async () => {
    runDatabaseSecrets();
    pointFilesAtTestServer();
    mkdirSync(join(temporary, 'run-secrets'), { recursive: true });
    // ETL_ADMIN_PASSWORD of .env, as compose's secret hands it to users-migrate.
    writeFileSync(join(temporary, 'run-secrets', 'etl-admin-password'), 'Compose-admin-password-1\n', { mode: 0o600 });
    for (const name of ['users-provision', 'users-migrate', 'scripts-provision', 'scripts-migrate', 'runner-grant'])
      outputs.set(name, await runOneShot(name));
  }, 240_000);

  afterAll(async () => {
    const admin = server().toString();
    for (const database of ['users', 'scripts'])
      await queryAs(admin, `drop database if exists etl_${database}_${suffix} with (force)`);
    for (const role of [
      'etl_users_owner',
      'etl_users_service',
      'etl_scripts_owner',
      'etl_scripts_service',
      'etl_runner',
    ])
      await queryAs(admin, `drop role if exists ${unique(role)}`);
  });

  it('makes no superuser: every role may log in and nothing more', async () => {
    const { rows } = await queryAs(
      server().toString(),
      `select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname like '%${suffix}%' order by rolname`,
    );
    expect(rows.map((row) => row.rolname)).toEqual(
      [
        `etl_runner_${suffix}`,
        `etl_scripts_${suffix}_owner`,
        `etl_scripts_${suffix}_service`,
        `etl_users_${suffix}_owner`,
        `etl_users_${suffix}_service`,
      ].sort(),
    );
    for (const row of rows)
      expect(row, row.rolname).toMatchObject({
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
      });
  });

  it('leaves the tables to the owner: the services read and write rows but change no schema', async () => {
    for (const name of ['users', 'scripts']) {
      const serviceUrl = fileUrl(environmentOf(name).DATABASE_URL_FILE!);
      const { rows } = await queryAs(
        serviceUrl,
        `select count(*)::int as tables, count(*) filter (where tableowner <> '${unique(`etl_${name}`)}_owner')::int as others from pg_tables where schemaname = 'public'`,
      );
      expect(rows[0].tables, name).toBeGreaterThan(0);
      expect(rows[0].others, `${name}: every table the owner's`).toBe(0);
      await expect(queryAs(serviceUrl, 'create table intruder (id int)'), name).rejects.toMatchObject({
        code: '42501',
      });
    }
    // The superuser the bootstrap made, with the password compose's secret gave it: none generated.
    const users = await queryAs(fileUrl(environmentOf('users').DATABASE_URL_FILE!), 'select login from users');
    expect(users.rows.map((row) => row.login)).toContain('admin');
    expect(outputs.get('users-migrate')).toContain('Superuser admin: created');
    expect(outputs.get('users-migrate')).not.toContain('Generated password');
    expect(outputs.get('scripts-provision')).toContain(`Database etl_scripts_${suffix} ready`);
  });

  it('gives the runner the run rows and nothing of the scripts themselves', async () => {
    const runnerUrl = fileUrl(environmentOf('runner').DATABASE_URL_FILE!);
    await expect(queryAs(runnerUrl, 'select count(*) from script_runs')).resolves.toBeTruthy();
    await expect(queryAs(runnerUrl, 'select count(*) from scripts')).rejects.toMatchObject({ code: '42501' });
    const usersDatabase = new URL(fileUrl(environmentOf('users').DATABASE_URL_FILE!)).pathname;
    const elsewhere = new URL(runnerUrl);
    elsewhere.pathname = usersDatabase;
    await expect(queryAs(elsewhere.toString(), 'select 1')).rejects.toMatchObject({ code: '42501' });
  });
});
