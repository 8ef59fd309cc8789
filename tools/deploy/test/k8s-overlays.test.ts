/**
 * What sets the overlays apart (see support/rendered-overlay.ts): dev runs one replica and its own
 * PostgreSQL; prod runs several replicas, an external PostgreSQL and TLS.
 */
import { describe, expect, it } from 'vitest';
import { describeObject, isDnsRule, isUsersSubgraphEgress } from './support/k8s-objects.js';
import { DATABASE_OWNERS } from './support/platform.js';
import { plainValues, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

renderOverlaysBeforeAll();

describe('overlay dev: development specifics', () => {
  it('runs one replica of each service', () => {
    const render = rendered('dev');
    for (const hpa of render.ofKind('HorizontalPodAutoscaler'))
      expect(hpa.spec.minReplicas, describeObject(hpa)).toBe(1);
    for (const statefulSet of render.ofKind('StatefulSet')) expect(statefulSet.spec.replicas).toBe(1);
  });

  it('runs PostgreSQL in the cluster behind a headless Service, its superuser password a file of etl-database-admin', () => {
    const render = rendered('dev');
    const postgres = render.workload('postgres');
    expect(postgres.object.kind).toBe('StatefulSet');
    expect(render.find('Service', postgres.object.spec.serviceName)?.spec.clusterIP).toBe('None');
    const settings = render.settingsOf('postgres');
    expect(settings.get('POSTGRES_PASSWORD')).toMatchObject({ source: 'Secret', key: 'POSTGRES_PASSWORD' });
    expect((settings.get('POSTGRES_PASSWORD') as { name: string }).name).toMatch(/^etl-database-admin-/);
    expect(plainValues(settings).POSTGRES_HOST_AUTH_METHOD).toBe('scram-sha-256');
    // The provision step connects as that superuser, to this server; the databases are the
    // services' (secrets.example.env), made by the provision step.
    const admin = new URL(plainValues(render.settingsOf('users-migrate', 'provision')).DATABASE_ADMIN_URL!);
    expect(decodeURIComponent(admin.password)).toBe(plainValues(settings).POSTGRES_PASSWORD);
    expect(admin.hostname).toBe(postgres.object.spec.serviceName);
    const url = new URL(plainValues(render.settingsOf('users')).DATABASE_URL!);
    expect(url.hostname).toBe(postgres.object.spec.serviceName);
    expect(url.pathname).toBe('/users');
  });
});

describe('overlay prod: production specifics', () => {
  it('runs at least gateway 3 and users, scripts, logs, runner 2 replicas, every autoscaler from 2 up', () => {
    const render = rendered('prod');
    const floors = Object.fromEntries(
      render.ofKind('HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.minReplicas]),
    );
    expect(floors).toEqual({ gateway: 3, users: 2, scripts: 2, logs: 2, runner: 2 });
    for (const floor of Object.values(floors)) expect(floor).toBeGreaterThanOrEqual(2);
  });

  it('uses an external PostgreSQL reached by address range', () => {
    const render = rendered('prod');
    expect(render.ofKind('StatefulSet')).toEqual([]);
    for (const name of [...DATABASE_OWNERS.flatMap((owner) => [owner, `${owner}-migrate`]), 'runner', 'runner-grant']) {
      const peers = render
        .policiesFor(render.workload(name), 'Egress')
        // The subgraphs' route to the users subgraph is a pod selector, inside the cluster.
        .filter((p) => !isUsersSubgraphEgress(p))
        .flatMap((p) => p.spec.egress ?? [])
        .filter((rule) => !isDnsRule(rule))
        .flatMap((rule) => rule.to ?? []);
      expect(peers.length, name).toBeGreaterThan(0);
      for (const peer of peers) expect(peer.ipBlock?.cidr, name).toMatch(/^[\d.:a-f]+\/\d+$/);
    }
  });

  it('serves the Ingress over TLS for every host', () => {
    const ingress = rendered('prod').find('Ingress', 'gateway')!;
    const tlsHosts = (ingress.spec.tls ?? []).flatMap((t: any) => t.hosts ?? []);
    for (const rule of ingress.spec.rules) expect(tlsHosts).toContain(rule.host);
  });
});
