import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewaySettings, readGatewayConfig } from '@etl/gateway';
import { readUsersConfig, usersSettings } from '@etl/users';
import { logsSettings, readLogsConfig } from '@etl/logs';
import { readScriptsConfig, scriptsSettings } from '@etl/scripts';
import { readRunnerConfig, runnerSettings } from '@etl/runner';
import {
  compose,
  dependenciesOf,
  document,
  durationMs,
  environmentOf,
  hasHealthcheck,
  fileSourceOf,
  isOneShot,
  longRunningNodeServices,
  nodeServices,
  repo,
  resolved,
  SECRET_PATH,
  serviceNames,
  services,
  targetOf,
} from './support/compose-file.js';
import { databaseProvisionSettings } from '@etl/kit';
import { runnerGrantCommand } from './support/platform.js';

// Checks of docker-compose.yml that need no Docker engine (see support/compose-file.ts). Its
// variables and secrets: docker-compose-env.test.ts; the scripts subgraph's stored files and
// runs: docker-compose-files.test.ts; the database roles: docker-compose-database-roles.test.ts.

const settingsByTarget: Record<string, Record<string, unknown>> = {
  gateway: gatewaySettings,
  users: usersSettings,
  scripts: scriptsSettings,
  logs: logsSettings,
  runner: runnerSettings,
};

/** What the provision one-shots read besides (`provision-database`; scripts also the runner's role). */
const provisionSettings = { ...databaseProvisionSettings, DATABASE_RUNNER_URL: true };

/** Settings only a runner reads: the scripts subgraph must not carry them. */
const runnerOnly = Object.keys(runnerSettings).filter((name) => !(name in scriptsSettings));

const temporary = mkdtempSync(join(tmpdir(), 'etl-compose-test-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('is plain Compose-spec YAML: no version key, no parse errors, only known service keys', () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(compose).not.toHaveProperty('version');
    const topLevel = ['name', 'services', 'volumes', 'networks', 'secrets', 'configs', 'include'];
    for (const key of Object.keys(compose)) expect(key.startsWith('x-') || topLevel.includes(key), key).toBe(true);
    // The service properties of the Compose specification (compose-spec.json), to catch typos.
    const serviceKeys = new Set(
      `annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name
      cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec
      depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file
      environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init ipc
      isolation label_file labels links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit
      models network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop
      privileged profiles provider pull_policy pull_refresh_after read_only restart runtime scale secrets
      security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits
      use_api_socket user userns_mode uts volumes volumes_from working_dir`.split(/\s+/),
    );
    for (const name of serviceNames) {
      for (const key of Object.keys(services[name]!)) expect(serviceKeys.has(key), `${name}.${key}`).toBe(true);
      expect(services[name]!.image ?? services[name]!.build, `${name} has an image or a build`).toBeTruthy();
    }
  });

  it('runs postgres, the keys, secrets, provision, migration and grant jobs, the subgraphs, the runner, the gateway and (profile s3) MinIO', () => {
    expect([...serviceNames].sort()).toEqual(
      [
        'database-secrets',
        'file-secrets',
        'gateway',
        'keys',
        'logs',
        'minio',
        'minio-bucket',
        'postgres',
        'runner',
        'runner-grant',
        'scripts',
        'scripts-migrate',
        'scripts-provision',
        'users',
        'users-migrate',
        'users-provision',
      ].sort(),
    );
    // Only MinIO and its bucket job are optional.
    expect(serviceNames.filter((name) => services[name]!.profiles)).toEqual(['minio', 'minio-bucket']);
    expect(services.keys!.command).toEqual([
      'node',
      'dist/cli.js',
      'keys',
      '--dir',
      '/keys',
      '--public-dir',
      '/public-keys',
    ]);
    expect(services['users-migrate']!.command).toEqual(['node', 'dist/cli.js', 'bootstrap', '--create-admin']);
    expect(services['scripts-migrate']!.command).toEqual(['node', 'dist/cli.js', 'migrate']);
    for (const name of ['users-provision', 'scripts-provision'])
      expect(services[name]!.command, name).toEqual(['node', 'dist/cli.js', 'provision-database']);
    expect(targetOf('users-provision')).toBe('users');
    expect(targetOf('scripts-provision')).toBe('scripts');
    expect(services['runner-grant']!.command).toEqual(runnerGrantCommand());
    expect(targetOf('runner-grant')).toBe('scripts');
    for (const name of ['users', 'scripts', 'logs', 'runner', 'gateway']) {
      expect(services[name]!.command, name).toBeUndefined(); // the image's CMD: node dist/main.js
    }
  });

  it('gives every long-running service a healthcheck; every other service is a one-shot something waits for', () => {
    for (const name of serviceNames) {
      expect(hasHealthcheck(name) || isOneShot(name), `${name}: healthcheck or one-shot`).toBe(true);
    }
    expect(isOneShot('keys')).toBe(true);
    for (const name of ['database-secrets', 'users-provision', 'scripts-provision'])
      expect(isOneShot(name), name).toBe(true);
    expect(isOneShot('users-migrate')).toBe(true);
    expect(isOneShot('scripts-migrate')).toBe(true);
    expect(isOneShot('runner-grant')).toBe(true);
    expect(hasHealthcheck('runner')).toBe(true);
    expect(services.postgres!.healthcheck.test.join(' ')).toMatch(/pg_isready .*--host=127\.0\.0\.1/);
  });

  it('checks the readiness of every Node service with node fetching /readyz on its own PORT', () => {
    for (const name of longRunningNodeServices) {
      const test = services[name]!.healthcheck.test as string[];
      expect(test.slice(0, 3), name).toEqual(['CMD', 'node', '-e']);
      expect(test[3], name).toContain("fetch('http://127.0.0.1:' + process.env.PORT + '/readyz')");
      expect(environmentOf(name).PORT, `${name} sets PORT`).toMatch(/^\d+$/);
    }
  });

  it('starts in order: secrets, postgres, provision, migrate (with the keys), users; gateway after the subgraphs', () => {
    expect(dependenciesOf('keys')).toEqual({});
    expect(dependenciesOf('database-secrets')).toEqual({});
    expect(dependenciesOf('postgres')).toEqual({ 'database-secrets': 'service_completed_successfully' });
    expect(dependenciesOf('users-provision')).toEqual({ postgres: 'service_healthy' });
    expect(dependenciesOf('scripts-provision')).toEqual({ postgres: 'service_healthy' });
    expect(dependenciesOf('users-migrate')).toEqual({
      'users-provision': 'service_completed_successfully',
      keys: 'service_completed_successfully',
    });
    // Every long-running service reads the gateway's secret, which file-secrets makes.
    expect(dependenciesOf('users')).toEqual({
      'users-migrate': 'service_completed_successfully',
      'file-secrets': 'service_completed_successfully',
    });
    expect(dependenciesOf('scripts-migrate')).toEqual({ 'scripts-provision': 'service_completed_successfully' });
    expect(dependenciesOf('scripts')).toEqual({
      'scripts-migrate': 'service_completed_successfully',
      keys: 'service_completed_successfully',
      'file-secrets': 'service_completed_successfully',
      'minio-bucket': 'service_completed_successfully',
    });
    // The runner's role (scripts-provision) is granted the tables migrate made before a runner connects.
    expect(dependenciesOf('runner-grant')).toEqual({ 'scripts-migrate': 'service_completed_successfully' });
    expect(dependenciesOf('runner')).toEqual({
      'runner-grant': 'service_completed_successfully',
      'file-secrets': 'service_completed_successfully',
      'minio-bucket': 'service_completed_successfully',
    });
    expect(dependenciesOf('logs')).toEqual({
      keys: 'service_completed_successfully',
      'file-secrets': 'service_completed_successfully',
    });
    expect(dependenciesOf('gateway')).toEqual({
      users: 'service_healthy',
      scripts: 'service_healthy',
      logs: 'service_healthy',
    });
    // Waiting on a long-running service means waiting for it to be healthy; a service always
    // started waits on a service of a profile only where that profile is on (required: false).
    for (const name of serviceNames) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(name))) {
        expect(serviceNames, `${name} depends on ${dependency}`).toContain(dependency);
        if (services[dependency]!.profiles && !services[name]!.profiles)
          expect(services[name]!.depends_on[dependency].required, `${name} -> ${dependency}`).toBe(false);
        expect(condition, `${name} -> ${dependency}`).toBe(
          isOneShot(dependency) ? 'service_completed_successfully' : 'service_healthy',
        );
      }
    }
  });

  it('publishes only the gateway, on GATEWAY_PORT, and (profile s3) MinIO on this machine', () => {
    const publishing = serviceNames.filter((name) => services[name]!.ports?.length);
    expect(publishing.sort()).toEqual(['gateway', 'minio']);
    expect(services.gateway!.ports).toEqual(['${GATEWAY_PORT:-4000}:4000']);
    // For presigned download links of a browser here; on the loopback address only.
    expect(services.minio!.ports).toEqual(['127.0.0.1:${MINIO_PORT:-9000}:9000']);
    expect(environmentOf('gateway').PORT).toBe('4000');
    for (const name of serviceNames) expect(services[name]!.network_mode, name).toBeUndefined();
  });

  it('keeps data in declared named volumes; the signing key is seen by the keys job and users only', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const mounts = serviceNames.flatMap((name) =>
      (services[name]!.volumes ?? []).map((volume: string) => {
        const [source, target, mode] = volume.split(':');
        return { service: name, source: source!, target: target!, mode };
      }),
    );
    const named = mounts.filter((mount) => !/^[./~]/.test(mount.source));
    for (const mount of named) expect(declared, `${mount.service}: ${mount.source}`).toContain(mount.source);
    expect(new Set(named.map((mount) => mount.source))).toEqual(new Set(declared));
    expect(named).toContainEqual({
      service: 'postgres',
      source: 'etl-postgres',
      target: '/var/lib/postgresql/data',
      mode: undefined,
    });
    const keyMounts = named.filter((mount) => mount.source === 'etl-keys');
    expect(keyMounts.filter((mount) => mount.mode !== 'ro').map((mount) => mount.service)).toEqual(['keys']);
    expect(keyMounts.map((mount) => mount.service)).toEqual(['keys', 'users']);
    for (const mount of keyMounts) expect(mount.target).toBe('/keys');
    // The verifying subgraphs get the public JWKS alone, at the same path.
    const publicMounts = named.filter((mount) => mount.source === 'etl-public-keys');
    expect(publicMounts.map((mount) => `${mount.service}:${mount.target}:${mount.mode}`)).toEqual([
      'keys:/public-keys:undefined',
      'scripts:/keys:ro',
      'logs:/keys:ro',
    ]);
    // Host paths: only the kubelet's pod logs, read-only, into the logs subgraph.
    expect(mounts.filter((m) => m.source.startsWith('/'))).toEqual([
      { service: 'logs', source: '/var/log/pods', target: '/var/log/pods', mode: 'ro' },
    ]);
    // Bind mounts only of files in this repository, read-only.
    for (const mount of mounts.filter((m) => m.source.startsWith('.'))) {
      expect(statSync(join(repo, mount.source)).isDirectory() || statSync(join(repo, mount.source)).isFile()).toBe(
        true,
      );
      expect(mount.mode, `${mount.service}: ${mount.source}`).toBe('ro');
    }
  });

  it('gives each image only settings it reads (X or X_FILE)', () => {
    for (const name of nodeServices) {
      const settings = name.endsWith('-provision')
        ? { NODE_ENV: true, ...provisionSettings }
        : settingsByTarget[targetOf(name)!];
      expect(settings, `${name}: settings of target ${targetOf(name)}`).toBeDefined();
      for (const key of Object.keys(services[name]!.environment ?? {})) {
        expect(Object.keys(settings!), `${name}: ${key}`).toContain(key.replace(/_FILE$/, ''));
      }
    }
    // A setting read from a file reads it from a volume mounted into that service, or a compose
    // secret granted to it.
    for (const name of nodeServices) {
      for (const [key, path] of Object.entries(environmentOf(name)).filter(([key]) => key.endsWith('_FILE'))) {
        expect(fileSourceOf(name, path), `${name}: ${key}=${path}`).toBeDefined();
      }
    }
    expect(targetOf('keys')).toBe('users');
    expect(targetOf('users-migrate')).toBe('users');
    expect(targetOf('scripts-migrate')).toBe('scripts');
    expect(environmentOf('users').MIGRATE_ON_START).toBe('false');
    expect(environmentOf('scripts').MIGRATE_ON_START).toBe('false');
    // Every subgraph but users verifies tokens with the public keys only.
    for (const name of ['scripts', 'logs']) {
      expect(environmentOf(name).JWT_PUBLIC_KEYS_FILE, name).toBe('/keys/jwks.json');
      expect(environmentOf(name), name).not.toHaveProperty('JWT_PRIVATE_KEY_FILE');
    }
    // Outside a cluster the logs subgraph reads the kubelet's files, mounted read-only.
    expect(environmentOf('logs').LOGS_SOURCE).toBe('files');
    expect(environmentOf('logs').LOGS_ROOT).toBe('/var/log/pods');
    expect(services.logs!.volumes).toContain('/var/log/pods:/var/log/pods:ro');
    expect(environmentOf('users').JWT_PRIVATE_KEY_FILE).toBe('/keys/jwt-signing-key.pem');
    expect(environmentOf('users')).not.toHaveProperty('JWT_PRIVATE_KEY');
    expect(environmentOf('gateway').USERS_URL).toBe('http://users:4001/graphql');
    expect(environmentOf('gateway').SCRIPTS_URL).toBe('http://scripts:4002/graphql');
    expect(environmentOf('gateway').LOGS_URL).toBe('http://logs:4003/graphql');
    // The web console the gateway image carries (Dockerfile), served at /.
    expect(environmentOf('gateway').CONSOLE_DIR).toBe('/app/console');
    expect(services.gateway!.build).toMatchObject({ context: '.', target: 'gateway' });
  });

  it("gives the runner the settings it needs and no secret of the API; the scripts subgraph none of the runner's", () => {
    const runner = Object.keys(environmentOf('runner')).map((key) => key.replace(/_FILE$/, ''));
    expect(runner).toEqual(
      expect.arrayContaining([
        'NODE_ENV',
        'PORT',
        'DATABASE_URL',
        'RUNNER_CONCURRENCY',
        'RUNNER_SHUTDOWN_GRACE_SECONDS',
        'RUN_INTERRUPTED_POLICY',
        'SCRIPT_TIMEOUT_SECONDS',
        'SCRIPT_MEMORY_MB',
        'SCRIPT_SANDBOX',
        'FILE_STORE',
        'FILES_DIR',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
      ]),
    );
    // A runner signs no link, verifies no token and answers no gateway.
    for (const secret of ['FILE_URL_SECRET', 'GATEWAY_SECRET', 'JWT_PUBLIC_KEYS', 'JWT_PRIVATE_KEY'])
      expect(runner, secret).not.toContain(secret);
    const mounted = ((services.runner!.volumes ?? []) as string[]).map((volume) => volume.split(':')[0]);
    for (const volume of ['etl-keys', 'etl-file-secrets', 'etl-gateway-secret'])
      expect(mounted, volume).not.toContain(volume);
    expect(environmentOf('runner').SCRIPT_SANDBOX, 'never the guarded process').toBe('bubblewrap');
    for (const name of ['scripts', 'scripts-migrate', 'runner-grant']) {
      const keys = Object.keys(environmentOf(name)).map((key) => key.replace(/_FILE$/, ''));
      for (const key of keys) expect(runnerOnly, `${name}: ${key}`).not.toContain(key);
    }
    expect(runnerOnly).toEqual(expect.arrayContaining(['SCRIPT_TIMEOUT_SECONDS', 'SCRIPT_MAX_OUTPUT_FILES']));
  });

  it('gives each long-running service an environment its own configuration check accepts', () => {
    // The keys volume, as the keys job leaves it, and the file secrets, as file-secrets does.
    writeFileSync(join(temporary, 'jwt-signing-key.pem'), 'placeholder PEM\n');
    writeFileSync(join(temporary, 'jwks.json'), '{"keys":[]}\n');
    writeFileSync(join(temporary, 'file-url-secret'), 'f'.repeat(64));
    writeFileSync(join(temporary, 's3-access-key-id'), 'a'.repeat(20));
    writeFileSync(join(temporary, 's3-secret-access-key'), 's'.repeat(40));
    writeFileSync(join(temporary, 'gateway-secret'), 'g'.repeat(64));
    // Every role's URL file, the runner's and the subgraphs' (database-secrets).
    writeFileSync(join(temporary, 'database-url'), 'postgres://etl_runner:r0password@postgres:5432/etl_scripts');
    const readers: Record<string, (env: NodeJS.ProcessEnv) => Record<string, unknown>> = {
      gateway: readGatewayConfig,
      users: readUsersConfig,
      scripts: readScriptsConfig,
      logs: readLogsConfig,
      runner: readRunnerConfig,
    };
    for (const name of longRunningNodeServices) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(name)).map(([key, value]) => [
          key,
          key.endsWith('_FILE') ? value.replace(SECRET_PATH, `${temporary}/`) : value,
        ]),
      );
      const config = readers[targetOf(name)!]!(env);
      expect(config.NODE_ENV, name).toBe('production');
      expect(config.HOST, name).toBe('0.0.0.0');
      expect(String(config.PORT), name).toBe(env.PORT);
    }
  });

  it('reaches every subgraph by its service name and port', () => {
    const gateway = environmentOf('gateway');
    const urls = Object.entries(gateway).filter(([key]) => /^[A-Z]+_URL$/.test(key));
    expect(urls.length).toBeGreaterThan(0);
    for (const [key, value] of urls) {
      const url = new URL(value);
      const service = key.replace(/_URL$/, '').toLowerCase();
      expect(url.hostname, key).toBe(service);
      expect(url.port, key).toBe(environmentOf(service).PORT);
      expect(url.pathname, key).toBe('/graphql');
      expect(dependenciesOf('gateway')[service], key).toBe('service_healthy');
    }
  });

  it('stops Node services gracefully: an init process and a grace period longer than the drain', () => {
    for (const name of nodeServices) {
      const service = resolved.services[name];
      expect(service.init, `${name}: init`).toBe(true);
      // A runner lets running runs finish for its grace period, then hands them back (5 s more).
      const env = environmentOf(name);
      const drainMs =
        targetOf(name) === 'runner'
          ? (Number(env.RUNNER_SHUTDOWN_GRACE_SECONDS ?? 30) + 5) * 1000
          : Number(env.SHUTDOWN_DRAIN_MS ?? 10_000);
      expect(service.stop_grace_period, `${name}: stop_grace_period`).toBeDefined();
      expect(durationMs(service.stop_grace_period), name).toBeGreaterThan(drainMs);
    }
    expect(Number(environmentOf('gateway').SHUTDOWN_DRAIN_MS)).toBe(10_000);
  });

  it('runs Node services unprivileged and restarts only the long-running ones', () => {
    for (const name of nodeServices) {
      const service = services[name]!;
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
      // Only the runner, whose runs start in bubblewrap, goes without the default profiles.
      const unconfined = (service.security_opt as string[]).filter((option) => option.endsWith('=unconfined'));
      expect(unconfined, name).toEqual(
        name === 'runner' ? ['seccomp=unconfined', 'apparmor=unconfined', 'systempaths=unconfined'] : [],
      );
      expect(service.cap_add, name).toBeUndefined();
      expect(service.privileged, name).toBeUndefined();
      expect(service.user, name).toBeUndefined(); // the image's USER node
      expect(service.restart, name).toBe(isOneShot(name) ? 'no' : 'unless-stopped');
    }
    expect(services.postgres!.restart).toBe('unless-stopped');
  });

  it('pins third-party images to a minor version and tags built images with ETL_IMAGE_TAG', () => {
    for (const name of serviceNames) {
      const image = String(services[name]!.image);
      if (targetOf(name)) {
        expect(image, name).toMatch(/^\$\{ETL_IMAGE_REGISTRY:-\}etl-[a-z]+:\$\{ETL_IMAGE_TAG:-[a-z0-9.-]+\}$/);
        expect(image, name).toContain(`etl-${targetOf(name)}:`);
      } else {
        // A version, or MinIO's release tag (a date and time: RELEASE.2025-09-07T16-13-09Z).
        const version = /^(\d+\.\d+[^:@]*|RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)$/;
        expect(image, name).toMatch(/^[a-z0-9./-]+:[^:@]+(@sha256:[a-f0-9]{64})?$/);
        expect(/:([^:@]+)(@|$)/.exec(image)![1], name).toMatch(version);
      }
    }
    expect(services.postgres!.image).toMatch(/^postgres:16\.\d+-bookworm$/);
    // Images built here are built by exactly one service; the others run that image.
    const built = serviceNames.filter((name) => services[name]!.build);
    expect(new Set(built.map((name) => services[name]!.image)).size).toBe(built.length);
    for (const name of built) expect(services[name]!.build.context).toBe('.');
  });
});
