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
  filledEnv,
  interpolateAll,
  isOneShot,
  repo,
  resolved,
  serviceNames,
  services,
  strings,
  targetOf,
  usedVariables,
  variablesIn,
} from './support/compose-file.js';

// docker-compose.yml's variables and secrets (see support/compose-file.ts): every variable
// documented in .env.example, the passwords required, nothing secret committed, and the scripts
// subgraph's file secrets generated once by the file-secrets job.

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
/** Where file-secrets writes what a runner holds (a volume only runner-grant and runner mount). */
const RUNNER_SECRETS_DIR = '/var/lib/etl/runner';

const temporary = mkdtempSync(join(tmpdir(), 'etl-compose-secrets-'));
const runnerDir = join(temporary, 'runner');
mkdirSync(runnerDir);
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** Every mount of a named volume: service, target and whether it is read-only. */
function mountsOf(volume: string): Array<{ service: string; target: string; readOnly: boolean }> {
  return serviceNames.flatMap((service) =>
    ((services[service]!.volumes ?? []) as string[])
      .map((mount) => mount.split(':'))
      .filter(([source]) => source === volume)
      .map(([, target, mode]) => ({ service, target: target!, readOnly: mode === 'ro' })),
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
      'POSTGRES_PASSWORD',
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

  it('refuses to start without the passwords, naming the missing variable', () => {
    for (const name of ['POSTGRES_PASSWORD', 'ETL_ADMIN_PASSWORD']) {
      const uses = strings(compose).flatMap(({ text }) =>
        variablesIn(text).filter((variable) => variable.name === name),
      );
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use.operator, name).toBe(':?');
      const without = new Map(filledEnv);
      without.set(name, '');
      expect(() => interpolateAll(compose, without)).toThrow(name);
    }
    // .env.example as it is (passwords empty) is refused too.
    expect(() => interpolateAll(compose, envExample)).toThrow(/PASSWORD/);
  });

  it('commits no secret: secrets come from required variables or files, and .env stays out of git', () => {
    const secretName = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCESS_KEY/;
    for (const name of serviceNames) {
      for (const [key, value] of Object.entries(services[name]!.environment ?? {})) {
        if (key.endsWith('_FILE')) continue;
        if (secretName.test(key)) expect(String(value), `${name}.${key}`).toMatch(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/);
      }
    }
    for (const { path, text } of strings(compose)) {
      expect(text, path).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // A password inside a URL is a variable.
      const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]+:([^@\s]+)@/.exec(text);
      if (userinfo) expect(userinfo[1], path).toMatch(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/);
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
    // The runner's volume: its role's password and URL, and the store's credentials; no link key.
    expect(readdirSync(runnerDir).sort()).toEqual(
      ['database-password', 'database-url', 's3-access-key-id', 's3-secret-access-key'].sort(),
    );
    const password = readFileSync(join(runnerDir, 'database-password'), 'utf8');
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(join(runnerDir, 'database-password')).mode & 0o777).toBe(0o600);
    expect(statSync(join(runnerDir, 'database-url')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(runnerDir, 'database-url'), 'utf8')).toBe(
      `postgres://etl_runner:${password}@postgres:5432/etl_scripts`,
    );
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
      DATABASE_URL: 'postgres://etl:password@postgres:5432/etl_scripts',
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
    expect(readFileSync(join(runnerDir, 'database-password'), 'utf8'), 'the runner role keeps its password').toBe(
      password,
    );
  });
});
