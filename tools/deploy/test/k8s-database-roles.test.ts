/**
 * The database roles and secret files of each rendered overlay (see support/rendered-overlay.ts):
 * the provision step before each migration, the administrator's URL in that step alone, the
 * migrations as the database's owner, the services as their own roles, and every secret a file
 * of a mounted Secret key, each container only its own.
 */
import { describe, expect, it } from 'vitest';
import { containersOf, isPlatformWorkload } from './support/k8s-objects.js';
import { DATABASE_OWNERS, OVERLAYS, RUNNER_ROLE } from './support/platform.js';
import { plainValues, type Render, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

renderOverlaysBeforeAll();

/** Every Secret key each container mounts (`<Secret>/<key>`, the Secret's hash left out): its own and no other. */
const MOUNTED_SECRETS: Record<string, string[]> = {
  'gateway/gateway': ['etl-secrets/GATEWAY_SECRET'],
  'users/users': [
    'etl-secrets/GATEWAY_SECRET',
    'etl-secrets/USERS_DATABASE_URL',
    'jwt-public-keys/JWT_PUBLIC_KEYS',
    'jwt-signing-key/jwt-signing-key.pem',
  ],
  'users-migrate/provision': [
    'etl-database-admin/DATABASE_ADMIN_URL',
    'etl-secrets/USERS_DATABASE_OWNER_URL',
    'etl-secrets/USERS_DATABASE_URL',
  ],
  'users-migrate/migrate': ['etl-secrets/ETL_ADMIN_PASSWORD', 'etl-secrets/USERS_DATABASE_OWNER_URL'],
  'scripts/scripts': [
    'etl-secrets/FILE_URL_SECRET',
    'etl-secrets/GATEWAY_SECRET',
    'etl-secrets/S3_ACCESS_KEY_ID',
    'etl-secrets/S3_SECRET_ACCESS_KEY',
    'etl-secrets/SCRIPTS_DATABASE_URL',
    'jwt-public-keys/JWT_PUBLIC_KEYS',
  ],
  'scripts-migrate/provision': [
    'etl-database-admin/DATABASE_ADMIN_URL',
    'etl-secrets/RUNNER_DATABASE_URL',
    'etl-secrets/SCRIPTS_DATABASE_OWNER_URL',
    'etl-secrets/SCRIPTS_DATABASE_URL',
  ],
  'scripts-migrate/migrate': ['etl-secrets/SCRIPTS_DATABASE_OWNER_URL'],
  'runner-grant/grant': ['etl-secrets/SCRIPTS_DATABASE_OWNER_URL'],
  'runner/runner': [
    'etl-secrets/RUNNER_DATABASE_URL',
    'etl-secrets/S3_ACCESS_KEY_ID',
    'etl-secrets/S3_SECRET_ACCESS_KEY',
  ],
  'logs/logs': ['etl-secrets/GATEWAY_SECRET', 'jwt-public-keys/JWT_PUBLIC_KEYS'],
  // dev only: the in-cluster PostgreSQL and MinIO.
  'postgres/postgres': ['etl-database-admin/POSTGRES_PASSWORD'],
  'minio/minio': ['etl-secrets/S3_ACCESS_KEY_ID', 'etl-secrets/S3_SECRET_ACCESS_KEY'],
  'minio-bucket/mc': [],
};

const withoutHash = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');
const url = (render: Render, workload: string, container: string | undefined, setting: string) =>
  new URL(plainValues(render.settingsOf(workload, container))[setting]!);
const role = (value: URL) => decodeURIComponent(value.username);

describe.each(OVERLAYS)('overlay %s: database roles and secret files', (overlay) => {
  it('hands every platform container its secrets as files: no Secret reference and no credential in its environment', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads.filter(isPlatformWorkload)) {
      for (const container of containersOf(workload)) {
        const at = `${workload.id}/${container.name}`;
        for (const variable of container.env ?? []) {
          if (variable.valueFrom?.secretKeyRef)
            problems.push(`${at}: ${variable.name} from a Secret in the environment`);
          if (/^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]+:[^@\s]+@/.test(variable.value ?? ''))
            problems.push(`${at}: ${variable.name} holds a credential`);
        }
        for (const from of container.envFrom ?? []) if (from.secretRef) problems.push(`${at}: envFrom a Secret`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets each container mount only its own Secret keys, readable by its group alone', () => {
    const render = rendered(overlay);
    const mounted: Record<string, string[]> = {};
    for (const workload of render.workloads) {
      for (const container of containersOf(workload)) {
        const at = `${workload.object.metadata.labels!['app.kubernetes.io/name']}/${container.name}`;
        mounted[at] = render
          .mountedSecretKeys(workload, container)
          .map(({ name, key }) => `${withoutHash(name)}/${key}`)
          .sort();
      }
      // Secret files are 0440 for the pod's group (fsGroup), not readable by anyone else.
      const spec = workload.template.spec;
      for (const volume of spec.volumes ?? []) {
        const mode = volume.secret?.defaultMode ?? volume.projected?.defaultMode;
        if (!volume.secret && !volume.projected) continue;
        expect(mode, `${workload.id} volume ${volume.name}`).toBe(0o440);
        expect(spec.securityContext?.fsGroup, `${workload.id}: fsGroup for its secret files`).toBe(
          spec.securityContext?.runAsGroup,
        );
      }
    }
    const expected = Object.fromEntries(Object.entries(MOUNTED_SECRETS).filter(([at]) => at in mounted));
    expect(mounted).toEqual(expected);
    // Each overlay runs every platform container listed; dev adds its database and store.
    const extra = overlay === 'dev' ? [] : ['postgres/postgres', 'minio/minio', 'minio-bucket/mc'];
    expect(Object.keys(mounted).sort()).toEqual(
      Object.keys(MOUNTED_SECRETS)
        .filter((at) => !extra.includes(at))
        .sort(),
    );
  });

  it('provisions each database before migrating it: an init container, as the administrator, with the URLs the Job and the service use', () => {
    const render = rendered(overlay);
    for (const owner of DATABASE_OWNERS) {
      const job = render.workload(`${owner}-migrate`);
      const [provision, ...others] = job.template.spec.initContainers ?? [];
      expect(others, owner).toEqual([]);
      expect(provision.name, owner).toBe('provision');
      expect(provision.image, 'the subgraph’s own image and CLI').toBe(job.template.spec.containers[0].image);
      expect(provision.command).toEqual(['node', 'dist/cli.js', 'provision-database']);
      const settings = plainValues(render.settingsOf(`${owner}-migrate`, 'provision'));
      expect(settings.DATABASE_OWNER_URL, owner).toBe(
        plainValues(render.settingsOf(`${owner}-migrate`, 'migrate')).DATABASE_URL,
      );
      expect(settings.DATABASE_SERVICE_URL, owner).toBe(plainValues(render.settingsOf(owner)).DATABASE_URL);
      if (owner === 'scripts')
        expect(settings.DATABASE_RUNNER_URL).toBe(plainValues(render.settingsOf('runner')).DATABASE_URL);
      else expect(settings.DATABASE_RUNNER_URL).toBeUndefined();
    }
  });

  it('migrates as the owner, serves as the service role, runs as the runner role: never as the administrator', () => {
    const render = rendered(overlay);
    const admin = role(url(render, 'users-migrate', 'provision', 'DATABASE_ADMIN_URL'));
    expect(role(url(render, 'scripts-migrate', 'provision', 'DATABASE_ADMIN_URL'))).toBe(admin);
    const roles: Record<string, string> = {};
    for (const owner of DATABASE_OWNERS) {
      roles[`${owner}-migrate`] = role(url(render, `${owner}-migrate`, 'migrate', 'DATABASE_URL'));
      roles[owner] = role(url(render, owner, undefined, 'DATABASE_URL'));
    }
    roles['runner-grant'] = role(url(render, 'runner-grant', undefined, 'DATABASE_URL'));
    roles.runner = role(url(render, 'runner', undefined, 'DATABASE_URL'));
    expect(roles).toEqual({
      'users-migrate': 'etl_users_owner',
      users: 'etl_users_service',
      'scripts-migrate': 'etl_scripts_owner',
      scripts: 'etl_scripts_service',
      'runner-grant': 'etl_scripts_owner',
      runner: RUNNER_ROLE,
    });
    expect(Object.values(roles)).not.toContain(admin);
    // Only the provision step mounts the administrator (dev: and the server it administers).
    const holders = render.workloads.flatMap((workload) =>
      containersOf(workload)
        .filter((container) =>
          render.mountedSecretKeys(workload, container).some(({ name }) => withoutHash(name) === 'etl-database-admin'),
        )
        .map((container) => `${workload.object.metadata.name}/${container.name}`),
    );
    expect(holders.sort()).toEqual(
      [
        ...(overlay === 'dev' ? ['postgres/postgres'] : []),
        'scripts-migrate/provision',
        'users-migrate/provision',
      ].sort(),
    );
  });
});
