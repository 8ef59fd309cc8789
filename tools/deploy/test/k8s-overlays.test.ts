/**
 * What sets the overlays apart (see support/rendered-overlay.ts): dev runs one replica and its own
 * PostgreSQL; prod runs several replicas, an external PostgreSQL and TLS.
 */
import { describe, expect, it } from 'vitest';
import { describeObject, isDnsRule, isUsersSubgraphEgress, podLabels } from './support/k8s-objects.js';
import { DATABASE_LABEL, DATABASE_OWNERS } from './support/platform.js';
import { rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

renderOverlaysBeforeAll();

describe('overlay dev: development specifics', () => {
  it('runs one replica of each service', () => {
    const render = rendered('dev');
    for (const hpa of render.ofKind('HorizontalPodAutoscaler'))
      expect(hpa.spec.minReplicas, describeObject(hpa)).toBe(1);
    for (const statefulSet of render.ofKind('StatefulSet')) expect(statefulSet.spec.replicas).toBe(1);
  });

  it('runs PostgreSQL in the cluster behind a headless Service, initialised with one database per subgraph and no secret', () => {
    const render = rendered('dev');
    const postgres = render.workload('postgres');
    expect(postgres.object.kind).toBe('StatefulSet');
    expect(render.find('Service', postgres.object.spec.serviceName)?.spec.clusterIP).toBe('None');
    const [container] = postgres.template.spec.containers;
    const init = render.fileSource(postgres, container, '/docker-entrypoint-initdb.d/init-databases.sql');
    const sql = render.dataOf(init.kind, init.name, init.key) ?? '';
    expect(init.kind).toBe('ConfigMap');
    expect(sql, 'no password in the init SQL').not.toMatch(/\bPASSWORD\s+'/i);
    const databases = new Set(render.workloads.map((w) => podLabels(w)[DATABASE_LABEL]).filter(Boolean));
    for (const database of databases) expect(sql).toMatch(new RegExp(`CREATE DATABASE ${database};`));
    // The template's URL (secrets.example.env) names this server and that database.
    const url = render.env(render.workload('users').template.spec.containers[0]).get('DATABASE_URL');
    const parsed = new URL((url as { value: string }).value);
    expect(parsed.hostname).toBe(postgres.object.spec.serviceName);
    expect(parsed.pathname).toBe('/users');
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
