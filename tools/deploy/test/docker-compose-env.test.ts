import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScriptsConfig } from '@etl/scripts';
import {
  compose,
  envExample,
  envExampleText,
  interpolateAll,
  isOneShot,
  mountsOf as mountsOfService,
  repo,
  resolved,
  secretVariables,
  serviceNames,
  services,
  strings,
  targetOf,
  usedVariables,
  variablesIn,
} from './support/compose-file.js';

// docker-compose.yml's variables and secrets (see support/compose-file.ts): every variable
// documented in .env.example, no password asked for, nothing secret committed or handed over as
// an environment value, and the scripts subgraph's file secrets generated once by the
// file-secrets job. The database roles' secrets: docker-compose-database-roles.test.ts.

/** Where file-secrets writes, in its own container and in every container that mounts the volume. */
const SECRETS_DIR = '/var/lib/etl/secrets';
/** What file-secrets makes, and the lengths its readers accept. */
const FILE_SECRETS: Record<string, { min: number; max: number }> = {
  // FILE_URL_SECRET: 32 characters or more.
  'file-url-secret': { min: 32, max: Infinity },
  // MinIO's root user and password (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY): 3-20 and 8-40.
  's3-access-key-id': { min: 3, max: 20 },
  's3-secret-access-key': { min: 8, max: 40 },
  // GATEWAY_SECRET (in a volume of its own, which every service mounts): 32 characters or more.
  'gateway-secret': { min: 32, max: Infinity },
};
/** Where file-secrets writes the gateway's secret. */
const GATEWAY_SECRET_DIR = '/var/lib/etl/gateway';
/** Where file-secrets writes what a runner holds besides its database URL (a volume of the runner's). */
const RUNNER_SECRETS_DIR = '/var/lib/etl/runner';

const temporary = mkdtempSync(join(tmpdir(), 'etl-compose-secrets-'));
const runnerDir = join(temporary, 'runner');
mkdirSync(runnerDir);
/** The keys one-shot's volumes, as folders. */
const keyVolumes = mkdtempSync(join(tmpdir(), 'etl-compose-keys-'));
afterAll(() => {
  rmSync(temporary, { recursive: true, force: true });
  rmSync(keyVolumes, { recursive: true, force: true });
});

/** Every mount of a named volume: service, target and whether it is read-only. */
function mountsOf(volume: string): Array<{ service: string; target: string; readOnly: boolean }> {
  return serviceNames.flatMap((service) =>
    mountsOfService(service)
      .filter((mount) => mount.source === volume)
      .map(({ target, readOnly }) => ({ service, target, readOnly })),
  );
}

describe('docker-compose.yml: variables and secrets', () => {
  it('documents every variable it reads in .env.example, with a comment, and no stale ones', () => {
    // Compose's own settings (COMPOSE_*) are read by compose itself, not interpolated.
    const composeOwn = [...envExample.keys()].filter((name) => name.startsWith('COMPOSE_'));
    expect(composeOwn).toEqual(['COMPOSE_PROFILES']);
    expect([...usedVariables].sort()).toEqual([...envExample.keys()].filter((n) => !composeOwn.includes(n)).sort());
    const lines = envExampleText.split('\n');
    for (const name of envExample.keys()) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      // A comment right above it, or above the group of variables it belongs to.
      const above = lines.slice(0, index).reverse();
      const comment = above.find((line) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(line));
      expect(comment?.startsWith('#'), `${name} has a comment`).toBe(true);
    }
    for (const expected of [
      'ETL_ADMIN_LOGIN',
      'ETL_ADMIN_PASSWORD',
      'GATEWAY_PORT',
      'LOG_LEVEL',
      'CORS_ORIGINS',
      'ETL_IMAGE_TAG',
    ]) {
      expect(usedVariables, expected).toContain(expected);
    }
  });

  it('asks for no password: .env.example works as it is, the database passwords are generated', () => {
    expect(envExample.has('POSTGRES_PASSWORD'), 'database passwords come from database-secrets').toBe(false);
    expect(() => interpolateAll(compose, envExample)).not.toThrow();
    for (const { path, text } of strings(compose)) {
      for (const variable of variablesIn(text)) expect(variable.operator, `${path}: ${variable.name}`).not.toBe(':?');
    }
    // The platform's superuser password, when given, travels as a compose secret: a file.
    expect(secretVariables).toEqual(new Set(['ETL_ADMIN_PASSWORD']));
    expect(compose.secrets).toEqual({ 'etl-admin-password': { environment: 'ETL_ADMIN_PASSWORD' } });
    const granted = serviceNames.filter((name) => services[name]!.secrets);
    expect(granted, 'only the bootstrap step sees it').toEqual(['users-migrate']);
    expect(services['users-migrate']!.secrets).toEqual(['etl-admin-password']);
    expect(services['users-migrate']!.environment.ETL_ADMIN_PASSWORD_FILE).toBe('/run/secrets/etl-admin-password');
  });

  it('commits no secret and hands none over as an environment value: secrets are files, .env stays out of git', () => {
    const secretName = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCESS_KEY|DATABASE_.*URL/;
    for (const name of serviceNames) {
      for (const key of Object.keys(services[name]!.environment ?? {})) {
        if (secretName.test(key)) expect(key, `${name}: a secret as a file`).toMatch(/_FILE$/);
      }
    }
    for (const { path, text } of strings(compose)) {
      expect(text, path).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // No URL with a password in the file: those are generated into volumes.
      expect(text, path).not.toMatch(/^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]+:[^@\s]+@/);
    }
    for (const [name, value] of envExample) {
      if (secretName.test(name)) expect(value, `.env.example ${name} is left empty`).toBe('');
    }
    expect(envExampleText).not.toMatch(/-----BEGIN/);
    const gitignore = readFileSync(join(repo, '.gitignore'), 'utf8').split('\n');
    expect(gitignore).toContain('.env');
  });

  it('generates the file secrets once, as a one-shot of the scripts image that only it may write', () => {
    expect(isOneShot('file-secrets')).toBe(true);
    expect(targetOf('file-secrets')).toBe('scripts');
    const mounts = mountsOf('etl-file-secrets');
    expect(mounts.filter((m) => !m.readOnly)).toEqual([
      { service: 'file-secrets', target: SECRETS_DIR, readOnly: false },
    ]);
    for (const mount of mounts) expect(mount.target, mount.service).toBe(SECRETS_DIR);
    // Everything that reads a file secret reads one the job makes, from the volume.
    const named = strings(resolved.services)
      .flatMap(({ path, text }) =>
        [...text.matchAll(/\/var\/lib\/etl\/secrets\/([\w.-]+)/g)].map((m) => ({ path, file: m[1]! })),
      )
      .filter(({ path }) => !path.startsWith('file-secrets.'));
    expect(named.length).toBeGreaterThan(0);
    for (const { path, file } of named) {
      expect(Object.keys(FILE_SECRETS), path).toContain(file);
      expect(
        mountsOf('etl-file-secrets').map((m) => m.service),
        path,
      ).toContain(path.split('.')[0]);
    }
  });

  it('makes the signing key where only users reads it, and hands the verifying subgraphs the public JWKS alone', () => {
    // The keys one-shot's command, run with the users CLI, its two volumes as folders here.
    const [node, script, ...args] = services.keys!.command as string[];
    expect(node).toBe('node');
    const dirs = { '/keys': join(keyVolumes, 'keys'), '/public-keys': join(keyVolumes, 'public-keys') };
    for (const dir of Object.values(dirs)) mkdirSync(dir);
    const localArgs = args.map((arg) => dirs[arg as keyof typeof dirs] ?? arg);
    execFileSync(process.execPath, [join(repo, 'subgraphs/users', script!), ...localArgs], { stdio: 'pipe' });
    expect(readdirSync(dirs['/keys']).sort()).toEqual(['jwks.json', 'jwt-signing-key.pem']);
    expect(statSync(join(dirs['/keys'], 'jwt-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirs['/public-keys'])).toEqual(['jwks.json']);
    expect(readFileSync(join(dirs['/public-keys'], 'jwks.json'), 'utf8')).toBe(
      readFileSync(join(dirs['/keys'], 'jwks.json'), 'utf8'),
    );
    // scripts and logs mount the public volume where they read JWT_PUBLIC_KEYS_FILE.
    for (const name of ['scripts', 'logs']) {
      expect(mountsOfService(name), name).toContainEqual({
        source: 'etl-public-keys',
        target: '/keys',
        readOnly: true,
      });
      expect(
        mountsOfService(name).map((mount) => mount.source),
        name,
      ).not.toContain('etl-keys');
    }
  });

  it("makes the secrets with node as the job runs it: random, private, within their readers' limits, kept on the next start", () => {
    const command = services['file-secrets']!.command as string[];
    expect(resolved.services['file-secrets'].command, 'compose leaves the code as it is').toEqual(command);
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    const code = command[2]!
      .replaceAll(`${SECRETS_DIR}/`, `${temporary}/`)
      .replaceAll(`${GATEWAY_SECRET_DIR}/`, `${temporary}/`)
      .replaceAll(`${RUNNER_SECRETS_DIR}/`, `${runnerDir}/`);
    expect(code).not.toContain(SECRETS_DIR);
    expect(code).not.toContain(GATEWAY_SECRET_DIR);
    expect(code).not.toContain(RUNNER_SECRETS_DIR);
    execFileSync(process.execPath, ['-e', code], { cwd: temporary, stdio: 'pipe' });
    expect(readdirSync(temporary).sort()).toEqual([...Object.keys(FILE_SECRETS), 'runner'].sort());
    // The runner's volume: the store's credentials (its database URL comes from database-secrets);
    // no link key.
    expect(readdirSync(runnerDir).sort()).toEqual(['s3-access-key-id', 's3-secret-access-key']);
    for (const name of ['s3-access-key-id', 's3-secret-access-key'])
      expect(readFileSync(join(runnerDir, name), 'utf8'), name).toBe(readFileSync(join(temporary, name), 'utf8'));
    const first = new Map<string, string>();
    for (const [name, { min, max }] of Object.entries(FILE_SECRETS)) {
      const path = join(temporary, name);
      const value = readFileSync(path, 'utf8');
      expect(statSync(path).mode & 0o777, `${name} is private to its owner`).toBe(0o600);
      expect(value, name).toMatch(/^[0-9a-f]+$/); // URL- and shell-safe
      expect(value.length, name).toBeGreaterThanOrEqual(min);
      expect(value.length, name).toBeLessThanOrEqual(max);
      first.set(name, value);
    }
    expect(new Set(first.values()).size, 'each secret its own').toBe(first.size);
    const config = readScriptsConfig({
      DATABASE_URL: 'postgres://etl_scripts_service:password@postgres:5432/etl_scripts',
      JWT_PUBLIC_KEYS: '{"keys":[]}',
      FILE_URL_SECRET_FILE: join(temporary, 'file-url-secret'),
      S3_ACCESS_KEY_ID_FILE: join(temporary, 's3-access-key-id'),
      S3_SECRET_ACCESS_KEY_FILE: join(temporary, 's3-secret-access-key'),
    });
    expect(config.FILE_URL_SECRET).toBe(first.get('file-url-secret'));
    expect(config.S3_SECRET_ACCESS_KEY).toBe(first.get('s3-secret-access-key'));
    // A second start keeps them: download links and MinIO's data stay valid.
    execFileSync(process.execPath, ['-e', code], { cwd: temporary, stdio: 'pipe' });
    for (const [name, value] of first) expect(readFileSync(join(temporary, name), 'utf8'), name).toBe(value);
  });
});
