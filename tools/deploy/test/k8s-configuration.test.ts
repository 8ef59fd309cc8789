/**
 * The configuration each rendered overlay gives the services (see support/rendered-overlay.ts):
 * ConfigMap and Secret references that resolve, every setting the services read, the gateway's
 * subgraph URLs, and the Secrets generated from the operator's files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logsSettings, readLogsConfig } from '@etl/logs';
import { readScriptsConfig, scriptsSettings } from '@etl/scripts';
import { readRunnerConfig, runnerSettings } from '@etl/runner';
import { containersOf, declaresPort } from './support/k8s-objects.js';
import {
  NAMESPACE,
  OVERLAYS,
  PRIVATE_KEY_MARKER,
  RUNNER_ROLE,
  runnerGrantCommand,
  supergraphPath,
} from './support/platform.js';
import { plainValues, rendered, renderOverlaysBeforeAll, subgraphTargets } from './support/rendered-overlay.js';

/** The file store's settings, which the scripts subgraph and the runners both read. */
const FILE_STORE_ENV = [
  'FILE_STORE',
  'MAX_FILE_SIZE',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
];

/** Settings each service reads (docs/configuration.md); every one must be set in the Deployment. */
const REQUIRED_ENV: Record<string, string[]> = {
  gateway: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'SHUTDOWN_DRAIN_MS',
    'SUPERGRAPH_PATH',
    'CONSOLE_DIR',
    'USERS_URL',
    'SCRIPTS_URL',
    'LOGS_URL',
    'CORS_ORIGINS',
    'CONSOLE_CONNECT_ORIGINS',
    'TRUST_PROXY',
    'MAX_REQUEST_BYTES',
    'SUBGRAPH_TIMEOUT_MS',
  ],
  users: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'SHUTDOWN_DRAIN_MS',
    'DATABASE_URL',
    'JWT_PRIVATE_KEY',
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'ACCESS_TOKEN_TTL_SECONDS',
    'ETL_ADMIN_LOGIN',
    'MIGRATE_ON_START',
  ],
  scripts: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'SHUTDOWN_DRAIN_MS',
    'DATABASE_URL',
    'MIGRATE_ON_START',
    'JWT_PUBLIC_KEYS',
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'SCRIPT_MAX_BYTES',
    'PYTHON_PATH',
    'SCRIPT_CHECK_TIMEOUT_MS',
    'SCRIPT_CHECK_CONCURRENCY',
    'SCRIPT_QUEUE_SIZE',
    ...FILE_STORE_ENV,
  ],
  runner: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'DATABASE_URL',
    'RUNNER_CONCURRENCY',
    'RUNNER_SHUTDOWN_GRACE_SECONDS',
    'RUN_INTERRUPTED_POLICY',
    'RUN_MAX_ATTEMPTS',
    'SCRIPT_TIMEOUT_SECONDS',
    'SCRIPT_MEMORY_MB',
    'SCRIPT_MAX_OUTPUT_FILES',
    'SCRIPT_SANDBOX',
    'PYTHON_PATH',
    ...FILE_STORE_ENV,
  ],
  logs: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'SHUTDOWN_DRAIN_MS',
    'JWT_PUBLIC_KEYS',
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'LOGS_SOURCE',
    'LOGS_NAMESPACES',
    'LOGS_MAX_LINES',
    'LOGS_MAX_BYTES',
  ],
};

renderOverlaysBeforeAll();

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it('resolves every ConfigMap and Secret reference to an object and key of the render', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    const check = (at: string, kind: 'ConfigMap' | 'Secret', name: string, keys: string[]): void => {
      if (!render.find(kind, name)) problems.push(`${at}: ${kind} ${name} does not exist`);
      else
        for (const key of keys)
          if (render.dataOf(kind, name, key) === undefined) problems.push(`${at}: ${kind} ${name} has no key ${key}`);
    };
    for (const workload of render.workloads) {
      for (const container of containersOf(workload)) {
        const at = `${workload.id} container ${container.name}`;
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
          if (ref)
            check(`${at} env ${variable.name}`, variable.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name, [
              ref.key,
            ]);
        }
        for (const from of container.envFrom ?? []) {
          if (from.configMapRef) check(`${at} envFrom`, 'ConfigMap', from.configMapRef.name, []);
          if (from.secretRef) check(`${at} envFrom`, 'Secret', from.secretRef.name, []);
        }
      }
      for (const volume of workload.template.spec.volumes ?? []) {
        const at = `${workload.id} volume ${volume.name}`;
        const keysOf = (source: any) => (source.items ?? []).map((item: any) => item.key);
        if (volume.configMap) check(at, 'ConfigMap', volume.configMap.name, keysOf(volume.configMap));
        if (volume.secret) check(at, 'Secret', volume.secret.secretName, keysOf(volume.secret));
        for (const source of volume.projected?.sources ?? []) {
          if (source.configMap) check(at, 'ConfigMap', source.configMap.name, keysOf(source.configMap));
          if (source.secret) check(at, 'Secret', source.secret.name, keysOf(source.secret));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sets every setting the services read, with the values the platform needs', () => {
    const render = rendered(overlay);
    for (const [service, names] of Object.entries(REQUIRED_ENV)) {
      const workload = render.workload(service);
      const container = workload.template.spec.containers[0];
      const env = render.env(container);
      const value = (name: string) => {
        const entry = env.get(name);
        return entry && 'value' in entry ? entry.value : undefined;
      };
      for (const name of names) {
        // X_FILE=/path gives X from a file; the file must come from a mounted ConfigMap or Secret.
        const file = value(`${name}_FILE`);
        const provided = file ? render.dataOf(...flat(render.fileSource(workload, container, file))) : value(name);
        expect(provided, `${service}: ${name} (or ${name}_FILE)`).toBeDefined();
      }
      expect(value('NODE_ENV'), `${service} NODE_ENV`).toBe('production');
      expect(value('HOST'), `${service} HOST`).toBe('0.0.0.0');
      if (service === 'runner') continue; // only health endpoints: no Service, no ingress

      expect(declaresPort([container], Number(value('PORT'))), `${service} PORT is its container port`).toBe(true);
    }

    const gateway = render.workload('gateway');
    const gatewayContainer = gateway.template.spec.containers[0];
    const gatewayEnv = render.env(gatewayContainer);
    const supergraphFile = (gatewayEnv.get('SUPERGRAPH_PATH') as { value: string }).value;
    expect(supergraphFile).toBe('/etc/etl/supergraph/supergraph.graphql');
    const served = render.dataOf(...flat(render.fileSource(gateway, gatewayContainer, supergraphFile)));
    expect(served === readFileSync(supergraphPath, 'utf8'), 'the mounted supergraph is schema/supergraph.graphql').toBe(
      true,
    );
    // The web console the gateway image carries (Dockerfile), served at /.
    expect((gatewayEnv.get('CONSOLE_DIR') as { value: string }).value).toBe('/app/console');
    expect((gatewayEnv.get('USERS_URL') as { value: string }).value).toBe('http://users:4001/graphql');
    expect((gatewayEnv.get('SCRIPTS_URL') as { value: string }).value).toBe('http://scripts:4002/graphql');
    expect((gatewayEnv.get('LOGS_URL') as { value: string }).value).toBe('http://logs:4003/graphql');

    const users = render.workload('users');
    const usersEnv = render.env(users.template.spec.containers[0]);
    expect(render.settingsOf('users').get('DATABASE_URL')?.source, 'users DATABASE_URL from a Secret').toBe('Secret');
    const keyFile = (usersEnv.get('JWT_PRIVATE_KEY_FILE') as { value: string } | undefined)?.value;
    const keySource = keyFile
      ? render.fileSource(users, users.template.spec.containers[0], keyFile)
      : usersEnv.get('JWT_PRIVATE_KEY');
    expect(
      keySource && 'name' in keySource ? render.find('Secret', keySource.name) : undefined,
      'signing key from a Secret',
    ).toBeDefined();
    expect((usersEnv.get('MIGRATE_ON_START') as { value: string }).value).toBe('false');

    const scriptsEnv = render.settingsOf('scripts');
    expect(scriptsEnv.get('DATABASE_URL')?.source, 'scripts DATABASE_URL comes from a Secret').toBe('Secret');
    expect(scriptsEnv.get('JWT_PUBLIC_KEYS')?.source, 'scripts JWT_PUBLIC_KEYS comes from a Secret').toBe('Secret');
    expect((scriptsEnv.get('MIGRATE_ON_START') as { value: string }).value).toBe('false');
    // The image's full interpreter (Dockerfile: apt-get install python3).
    expect((scriptsEnv.get('PYTHON_PATH') as { value: string }).value).toBe('/usr/bin/python3');

    const logsEnv = render.settingsOf('logs');
    expect((logsEnv.get('LOGS_SOURCE') as { value: string }).value).toBe('kubernetes');
    expect(logsEnv.has('KUBERNETES_API_URL'), 'logs uses its in-cluster service account').toBe(false);
    expect(logsEnv.get('JWT_PUBLIC_KEYS')?.source, 'logs JWT_PUBLIC_KEYS comes from a Secret').toBe('Secret');
    expect(logsEnv.has('DATABASE_URL'), 'logs has no database').toBe(false);
  });

  it('gives scripts, the runner and logs only settings they read, in values their configuration check accepts', () => {
    const render = rendered(overlay);
    const checks = {
      scripts: { settings: scriptsSettings, read: readScriptsConfig },
      runner: { settings: runnerSettings, read: readRunnerConfig },
      logs: { settings: logsSettings, read: readLogsConfig },
    };
    for (const [service, { settings, read }] of Object.entries(checks)) {
      const env = render.settingsOf(service);
      for (const name of env.keys()) expect(Object.keys(settings), `${service}: ${name}`).toContain(name);
      const values = plainValues(env);
      const config = read(values) as Record<string, unknown>;
      expect(config.NODE_ENV, service).toBe('production');
      expect(String(config.PORT), service).toBe(values.PORT);
    }
    const logs = readLogsConfig(plainValues(render.settingsOf('logs')));
    expect(logs.LOGS_SOURCE).toBe('kubernetes');
    expect(logs.LOGS_NAMESPACES).toContain(NAMESPACE);
  });

  it("gives the runner its own database role and no secret of the API; the scripts pods none of the runner's settings", () => {
    const render = rendered(overlay);
    const runner = render.settingsOf('runner');
    const database = runner.get('DATABASE_URL');
    expect(database, 'from a Secret, as the runner role').toMatchObject({
      source: 'Secret',
      key: 'RUNNER_DATABASE_URL',
    });
    const url = new URL((database as { value: string }).value);
    expect(decodeURIComponent(url.username)).toBe(RUNNER_ROLE);
    const scripts = render.settingsOf('scripts');
    const scriptsUrl = new URL((scripts.get('DATABASE_URL') as { value: string }).value);
    expect(url.pathname, 'the scripts database').toBe(scriptsUrl.pathname);
    expect(url.username, "never the scripts database's service role").not.toBe(scriptsUrl.username);
    // A runner signs no link, verifies no token and answers no gateway.
    for (const secret of ['FILE_URL_SECRET', 'GATEWAY_SECRET', 'JWT_PUBLIC_KEYS', 'JWT_PRIVATE_KEY'])
      for (const name of [secret, `${secret}_FILE`]) expect(runner.has(name), name).toBe(false);
    const secretKeys = [...runner.values()].flatMap((entry) => (entry.source === 'Secret' ? [entry.key] : []));
    expect(secretKeys.sort()).toEqual(['RUNNER_DATABASE_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
    expect((runner.get('SCRIPT_SANDBOX') as { value: string }).value, 'never the guarded process').toBe('bubblewrap');
    const runnerOnly = Object.keys(runnerSettings).filter((name) => !(name in scriptsSettings));
    for (const name of scripts.keys()) expect(runnerOnly, `scripts: ${name}`).not.toContain(name);
    // The grant Job grants that role (made by scripts-migrate's provision step), as the owner.
    const [grant] = render.workload('runner-grant').template.spec.containers;
    expect(grant.command).toEqual(runnerGrantCommand());
    expect(render.settingsOf('runner-grant').get('DATABASE_URL')).toMatchObject({
      source: 'Secret',
      key: 'SCRIPTS_DATABASE_OWNER_URL',
    });
  });

  it('points the gateway at every subgraph through Services that exist', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const target of subgraphTargets(render)) {
      if (!target.service) problems.push(`${target.variable}: no Service ${target.host}`);
      else if (!target.workloads.length) problems.push(`${target.variable}: Service ${target.host} selects no pods`);
    }
    expect(problems).toEqual([]);
    expect(
      subgraphTargets(render)
        .map((t) => t.host)
        .sort(),
    ).toEqual(['logs', 'scripts', 'users']);
  });

  it('generates every Secret from the operator files, without private keys', () => {
    const render = rendered(overlay);
    const secrets = render.ofKind('Secret');
    expect(secrets.map((s) => s.metadata.name.replace(/-[a-z0-9]{10}$/, '')).sort()).toEqual([
      'etl-database-admin',
      'etl-secrets',
      'jwt-public-keys',
      'jwt-signing-key',
    ]);
    const jwks = render.find(
      'Secret',
      secrets.find((s) => s.metadata.name.startsWith('jwt-public-keys'))!.metadata.name,
    )!;
    expect(Object.keys(jwks.data ?? {}), 'the JWKS for verifying subgraphs').toEqual(['JWT_PUBLIC_KEYS']);
    for (const secret of secrets) {
      for (const key of Object.keys(secret.data ?? {}))
        expect(render.dataOf('Secret', secret.metadata.name, key)).not.toMatch(PRIVATE_KEY_MARKER);
    }
  });
});

function flat(source: { kind: 'ConfigMap' | 'Secret'; name: string; key: string }) {
  return [source.kind, source.name, source.key] as const;
}
