import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '@etl/gateway';
import { readScriptsConfig } from '@etl/scripts';
import { readRunnerConfig } from '@etl/runner';
import {
  compose,
  dependenciesOf,
  filledEnv,
  hasHealthcheck,
  interpolateAll,
  isOneShot,
  resolved,
  SECRET_PATH,
  services,
  serviceNames,
  type Mapping,
} from './support/compose-file.js';
import { envOf, stage } from './support/dockerfile.js';

// The scripts subgraph's runs and stored files in docker-compose.yml (see
// support/compose-file.ts): the local store in a volume by default, the `s3` profile's MinIO with
// the credentials the scripts subgraph uses, and a gateway that waits for the longest run.

const temporary = mkdtempSync(join(tmpdir(), 'etl-compose-files-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** Stand-ins for the files of the keys and file-secrets volumes, as their jobs leave them. */
const STAND_INS: Record<string, string> = {
  'jwks.json': '{"keys":[]}\n',
  'file-url-secret': 'f'.repeat(64),
  's3-access-key-id': 'a'.repeat(20),
  's3-secret-access-key': 's'.repeat(40),
  'gateway-secret': 'g'.repeat(64),
  // Every role's URL file (database-secrets): the runner's, the subgraphs' service roles'.
  'database-url': 'postgres://etl_runner:r0password@postgres:5432/etl_scripts',
};
for (const [name, content] of Object.entries(STAND_INS)) writeFileSync(join(temporary, name), content);

/** A service's environment under a .env, its *_FILE paths pointing at the stand-ins. */
function environmentWith(name: string, env: Map<string, string>): Record<string, string> {
  const environment = (interpolateAll(compose, env) as Mapping).services[name].environment as Mapping;
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      key.endsWith('_FILE') ? String(value).replace(SECRET_PATH, `${temporary}/`) : String(value),
    ]),
  );
}

const withEnv = (changes: Record<string, string>) => new Map([...filledEnv, ...Object.entries(changes)]);

/** `source:target[:mode]` mounts of a service. */
function mounts(name: string): Array<{ source: string; target: string; mode: string | undefined }> {
  return ((services[name]!.volumes ?? []) as string[]).map((volume) => {
    const [source, target, mode] = volume.split(':');
    return { source: source!, target: target!, mode };
  });
}

describe('docker-compose.yml: the scripts subgraph’s stored files and runs', () => {
  it('keeps stored files in the etl-files volume by default, at the image’s FILES_DIR, writable by scripts only', () => {
    const scripts = services.scripts!.environment;
    expect(scripts.FILE_STORE).toBe('${FILE_STORE:-local}');
    const config = readScriptsConfig(environmentWith('scripts', filledEnv));
    expect(config.FILE_STORE, '.env.example keeps the local store').toBe('local');
    const filesDir = envOf(stage('scripts')).get('FILES_DIR');
    expect(config.FILES_DIR).toBe(filesDir);
    expect(mounts('scripts')).toContainEqual({ source: 'etl-files', target: filesDir, mode: undefined });
    const users = serviceNames.filter((name) => mounts(name).some((m) => m.source === 'etl-files'));
    expect(users, 'only scripts and the runner that stores run outputs see the stored files').toEqual([
      'scripts',
      'runner',
    ]);
    // Download links of the local store go through the gateway's published port (GET /files/...).
    expect(config.FILES_PUBLIC_URL, 'the gateway forwards the address the client used').toBeUndefined();
    expect(config.FILE_URL_SECRET, 'links survive a restart').toBe(STAND_INS['file-url-secret']);
  });

  it('gives the runner the same store as the scripts subgraph, local or s3, without the link key', () => {
    for (const env of [filledEnv, withEnv({ FILE_STORE: 's3', COMPOSE_PROFILES: 's3' })]) {
      const scripts = readScriptsConfig(environmentWith('scripts', env));
      const runner = readRunnerConfig(environmentWith('runner', env));
      for (const key of [
        'FILE_STORE',
        'FILES_DIR',
        'S3_ENDPOINT',
        'S3_BUCKET',
        'S3_FORCE_PATH_STYLE',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
      ] as const)
        expect(runner[key], key).toEqual(scripts[key]);
      // Runners write outputs; links are signed by the scripts subgraph alone.
      expect(runner.FILE_URL_SECRET).toBeUndefined();
    }
    expect(mounts('runner')).toContainEqual({ source: 'etl-files', target: '/var/lib/etl/files', mode: undefined });
    // The runner waits for the s3 profile's bucket where it is on.
    expect(services.runner!.depends_on['minio-bucket']).toEqual({
      condition: 'service_completed_successfully',
      required: false,
    });
  });

  it('runs MinIO and its bucket job only in the s3 profile, on one pinned image', () => {
    for (const name of ['minio', 'minio-bucket']) expect(services[name]!.profiles, name).toEqual(['s3']);
    expect(services.minio!.image).toBe(services['minio-bucket']!.image);
    expect(services.minio!.image).toMatch(/^quay\.io\/minio\/minio:RELEASE\.[\dTZ-]+$/);
    expect(hasHealthcheck('minio')).toBe(true);
    expect(isOneShot('minio-bucket')).toBe(true);
    expect(dependenciesOf('minio-bucket')).toEqual({ minio: 'service_healthy' });
    expect(dependenciesOf('minio')).toEqual({ 'file-secrets': 'service_completed_successfully' });
    // scripts waits for the bucket where the profile is on, and ignores it where it is off.
    expect(services.scripts!.depends_on['minio-bucket']).toEqual({
      condition: 'service_completed_successfully',
      required: false,
    });
    expect(mounts('minio')).toContainEqual({ source: 'etl-minio', target: '/data', mode: undefined });
    expect(services.minio!.command).toEqual(['server', '/data']);
  });

  it('gives MinIO, its bucket job and the scripts subgraph the same credentials, from the generated files', () => {
    const scripts = services.scripts!.environment;
    const minio = services.minio!.environment;
    expect(minio.MINIO_ROOT_USER_FILE).toBe(scripts.S3_ACCESS_KEY_ID_FILE);
    expect(minio.MINIO_ROOT_PASSWORD_FILE).toBe(scripts.S3_SECRET_ACCESS_KEY_FILE);
    // Both set: with either missing MinIO would fall back to its well-known default credentials.
    expect(minio.MINIO_ROOT_USER).toBeUndefined();
    expect(minio.MINIO_ROOT_PASSWORD).toBeUndefined();
    const bucketJob = (resolved.services['minio-bucket'].command as string[]).join(' ');
    expect(bucketJob).toContain(`"$(cat ${scripts.S3_ACCESS_KEY_ID_FILE})"`);
    expect(bucketJob).toContain(`"$(cat ${scripts.S3_SECRET_ACCESS_KEY_FILE})"`);
    for (const name of ['minio', 'minio-bucket'])
      expect(mounts(name), name).toContainEqual({
        source: 'etl-file-secrets',
        target: '/var/lib/etl/secrets',
        mode: 'ro',
      });
  });

  it('points FILE_STORE=s3 at MinIO’s bucket, which the bucket job makes, with links a browser here can follow', () => {
    const env = withEnv({ FILE_STORE: 's3', COMPOSE_PROFILES: 's3', MINIO_PORT: '9100' });
    const config = readScriptsConfig(environmentWith('scripts', env));
    expect(config.FILE_STORE).toBe('s3');
    const endpoint = new URL(config.S3_ENDPOINT!);
    expect(endpoint.hostname).toBe('minio');
    const published = (interpolateAll(compose, env) as Mapping).services.minio.ports as string[];
    expect(published).toEqual([`127.0.0.1:9100:${endpoint.port}`]);
    // Presigned links name the published port on this machine.
    expect(config.S3_PUBLIC_ENDPOINT).toBe('http://localhost:9100');
    expect(config.S3_FORCE_PATH_STYLE, 'MinIO wants path-style addressing').toBe(true);
    expect(config.S3_ACCESS_KEY_ID).toBe(STAND_INS['s3-access-key-id']);
    expect(config.S3_SECRET_ACCESS_KEY).toBe(STAND_INS['s3-secret-access-key']);
    const bucketJob = (resolved.services['minio-bucket'].command as string[]).join(' ');
    expect(services['minio-bucket']!.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(bucketJob).toContain(`mc alias set etl ${endpoint.origin} `);
    expect(bucketJob).toContain(`&& mc mb --ignore-existing etl/${config.S3_BUCKET}`);
  });

  it('lets the gateway wait longer than the longest runScript request, and take the largest inline upload', () => {
    const scripts = readScriptsConfig(environmentWith('scripts', filledEnv));
    const gateway = readGatewayConfig(environmentWith('gateway', filledEnv));
    // runScript waits at most SCRIPT_RUN_WAIT_SECONDS, then answers the run as it is.
    const longestRunMs = scripts.SCRIPT_RUN_WAIT_SECONDS * 1000;
    expect(gateway.SUBGRAPH_TIMEOUT_MS).toBeGreaterThan(longestRunMs);
    // An inline upload is base64 inside a GraphQL request; larger files stream past GraphQL.
    const largestUpload = 4 * Math.ceil(scripts.MAX_INLINE_FILE_SIZE / 3) + 256 * 1024;
    expect(gateway.MAX_REQUEST_BYTES).toBeGreaterThanOrEqual(largestUpload);
  });
});
