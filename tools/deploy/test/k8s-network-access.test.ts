/**
 * Who may reach what in each rendered overlay (see support/rendered-overlay.ts): only the gateway
 * behind the Ingress, a default-deny ingress policy, and NetworkPolicies that admit and let out
 * only the traffic each workload needs (the gateway, the subgraphs, their databases, the logs
 * subgraph's calls to the Kubernetes API).
 */
import { describe, expect, it } from 'vitest';
import {
  bytesOf,
  declaresPort,
  describeObject,
  isDnsRule,
  isEmptySelector,
  isFileStoreEgress,
  isUsersSubgraphEgress,
  isPlatformWorkload,
  podLabels,
  policyTypes,
  selectorMatches,
} from './support/k8s-objects.js';
import { DATABASE_LABEL, DATABASE_OWNERS, NAME_LABEL, OVERLAYS } from './support/platform.js';
import { rendered, renderOverlaysBeforeAll, subgraphTargets } from './support/rendered-overlay.js';

renderOverlaysBeforeAll();

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it('exposes only the gateway through the Ingress, with a body limit that fits MAX_REQUEST_BYTES', () => {
    const render = rendered(overlay);
    const ingresses = render.ofKind('Ingress');
    expect(ingresses.map(describeObject)).toEqual(['Ingress/gateway']);
    const [ingress] = ingresses;
    const backends = (ingress!.spec.rules ?? []).flatMap((rule: any) =>
      (rule.http?.paths ?? []).map((path: any) => path.backend.service),
    );
    expect(backends.length).toBeGreaterThan(0);
    const gatewayService = render.find('Service', 'gateway')!;
    for (const backend of backends) {
      expect(backend.name).toBe('gateway');
      const port = backend.port.name ?? backend.port.number;
      expect(gatewayService.spec.ports.some((p: any) => p.name === port || p.port === port)).toBe(true);
    }
    const limit = render.env(render.workload('gateway').template.spec.containers[0]).get('MAX_REQUEST_BYTES');
    const bodySize = ingress!.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
    expect(bytesOf(bodySize)).toBeGreaterThanOrEqual(Number(limit && 'value' in limit ? limit.value : NaN));
  });

  it('denies ingress by default and gives every workload its own NetworkPolicies', () => {
    const render = rendered(overlay);
    const policies = render.ofKind('NetworkPolicy');
    const defaultDeny = policies.filter(
      (p) =>
        isEmptySelector(p.spec.podSelector) && policyTypes(p).includes('Ingress') && !(p.spec.ingress ?? []).length,
    );
    expect(defaultDeny.map(describeObject), 'a default-deny ingress policy').toHaveLength(1);
    const problems: string[] = [];
    for (const workload of render.workloads) {
      const own = policies.filter(
        (p) => !defaultDeny.includes(p) && selectorMatches(p.spec.podSelector, podLabels(workload)),
      );
      if (!own.length) problems.push(`${workload.id}: no NetworkPolicy of its own`);
      const admits = render.policiesFor(workload, 'Ingress').some((p) => (p.spec.ingress ?? []).length);
      // A runner serves only its probes (the kubelet's, which policies do not govern): no pod
      // may reach it.
      if (workload.id === 'Deployment/runner') {
        if (admits) problems.push(`${workload.id}: no pod calls a runner, but a policy lets traffic in`);
      } else if (workload.serving && !admits) problems.push(`${workload.id}: serves, but no policy lets traffic in`);
      if (isPlatformWorkload(workload) && !render.policiesFor(workload, 'Egress').length)
        problems.push(`${workload.id}: egress is not restricted`);
    }
    expect(problems).toEqual([]);
  });

  it('has NetworkPolicies whose pod selectors select existing pods', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const policy of render.ofKind('NetworkPolicy')) {
      const id = describeObject(policy);
      if (!render.selected(policy.spec.podSelector).length) problems.push(`${id}: spec.podSelector selects no pods`);
      const peers = [
        ...(policy.spec.ingress ?? []).flatMap((r: any) => r.from ?? []),
        ...(policy.spec.egress ?? []).flatMap((r: any) => r.to ?? []),
      ];
      for (const peer of peers) {
        // A peer without namespaceSelector means pods of this namespace; they must exist.
        if (peer.podSelector && !peer.namespaceSelector && !render.selected(peer.podSelector).length)
          problems.push(`${id}: peer ${JSON.stringify(peer.podSelector)} selects no pods`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets traffic reach the gateway only from the ingress controller, on its port', () => {
    const render = rendered(overlay);
    const gateway = render.workload('gateway');
    const rules = render.policiesFor(gateway, 'Ingress').flatMap((p) => p.spec.ingress ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.from?.length, 'a rule without `from` admits everyone').toBeGreaterThan(0);
      for (const peer of rule.from) {
        expect(peer.ipBlock, 'no address ranges').toBeUndefined();
        expect(
          isEmptySelector(peer.namespaceSelector) || !peer.namespaceSelector,
          'the controller namespace is named',
        ).toBe(false);
        expect(peer.podSelector && !isEmptySelector(peer.podSelector), 'the controller pods are named').toBe(true);
      }
      for (const port of rule.ports ?? [undefined])
        expect(port && declaresPort(gateway.template.spec.containers, port.port), 'only the gateway port').toBe(true);
    }
  });

  it('lets traffic reach each subgraph only from gateway pods (and users also from the subgraphs that poll it)', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const target of subgraphTargets(render)) {
      for (const workload of target.workloads) {
        // scripts and logs poll the users subgraph's revocation list; scripts delivers audit events.
        const callers = podLabels(workload)[NAME_LABEL] === 'users' ? ['gateway', 'scripts', 'logs'] : ['gateway'];
        const rules = render.policiesFor(workload, 'Ingress').flatMap((p) => p.spec.ingress ?? []);
        if (!rules.length) problems.push(`${workload.id}: nothing may reach it`);
        for (const rule of rules) {
          for (const peer of rule.from ?? [{}]) {
            const selected =
              peer.podSelector && !peer.namespaceSelector && !peer.ipBlock ? render.selected(peer.podSelector) : null;
            if (!selected || selected.some((w) => !callers.includes(podLabels(w)[NAME_LABEL]!)))
              problems.push(`${workload.id}: admits ${JSON.stringify(peer)}, not only ${callers.join(', ')} pods`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets the gateway reach only DNS and the subgraphs it calls', () => {
    const render = rendered(overlay);
    const gateway = render.workload('gateway');
    const targets = subgraphTargets(render);
    const subgraphPods = new Set(targets.flatMap((t) => t.workloads));
    const rules = render.policiesFor(gateway, 'Egress').flatMap((p) => p.spec.egress ?? []);
    const problems: string[] = [];
    for (const rule of rules.filter((r) => !isDnsRule(r))) {
      const peers: any[] = rule.to ?? [];
      if (!peers.length || !(rule.ports ?? []).length)
        problems.push(`gateway egress rule open to any peer or port: ${JSON.stringify(rule)}`);
      for (const peer of peers) {
        const selected =
          peer.podSelector && !peer.namespaceSelector && !peer.ipBlock ? render.selected(peer.podSelector) : null;
        if (!selected?.length || selected.some((w) => !subgraphPods.has(w)))
          problems.push(`gateway egress reaches more than the subgraphs: ${JSON.stringify(peer)}`);
      }
    }
    expect(rules.some(isDnsRule), 'gateway may resolve names').toBe(true);
    for (const target of targets) {
      for (const workload of target.workloads) {
        const reachable = rules.some(
          (rule) =>
            (rule.to ?? []).some((peer: any) => selectorMatches(peer.podSelector, podLabels(workload))) &&
            (rule.ports ?? []).some((p: any) => declaresPort(workload.template.spec.containers, p.port)),
        );
        if (!reachable) problems.push(`gateway cannot reach ${workload.id} (${target.variable})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets each database-owning workload reach only DNS and its PostgreSQL on 5432 (besides its file store)', () => {
    const render = rendered(overlay);
    const clients = render.workloads.filter((w) => podLabels(w)[DATABASE_LABEL]);
    // The runners and the Job that grants their role reach the scripts database too.
    const runnerSide = ['Deployment/runner', 'Job/runner-grant'];
    expect(clients.map((w) => w.id).sort()).toEqual(
      [...DATABASE_OWNERS.flatMap((owner) => [`Deployment/${owner}`, `Job/${owner}-migrate`]), ...runnerSide].sort(),
    );
    for (const workload of clients) {
      const name = podLabels(workload)[NAME_LABEL]!;
      const database = runnerSide.includes(workload.id) ? 'scripts' : name.replace(/-migrate$/, '');
      expect(podLabels(workload)[DATABASE_LABEL], workload.id).toBe(database);
    }
    const problems: string[] = [];
    for (const workload of clients) {
      // The scripts subgraph's route to its file store is checked in k8s-file-store.test.ts.
      const rules = render
        .policiesFor(workload, 'Egress')
        .filter((p) => !isFileStoreEgress(p) && !isUsersSubgraphEgress(p))
        .flatMap((p) => p.spec.egress ?? []);
      if (!rules.some(isDnsRule)) problems.push(`${workload.id}: cannot resolve names`);
      const databaseRules = rules.filter((rule) => !isDnsRule(rule));
      if (!databaseRules.length) problems.push(`${workload.id}: no route to its database`);
      for (const rule of databaseRules) {
        const ports: any[] = rule.ports ?? [];
        if (!ports.length || ports.some((p) => p.port !== 5432))
          problems.push(`${workload.id}: egress on ports ${JSON.stringify(ports)} besides PostgreSQL`);
        const peers: any[] = rule.to ?? [];
        if (!peers.length) problems.push(`${workload.id}: egress to any address on 5432`);
        for (const peer of peers) {
          if (peer.ipBlock) {
            if (/\/0$/.test(peer.ipBlock.cidr))
              problems.push(`${workload.id}: egress to everywhere (${peer.ipBlock.cidr})`);
          } else {
            const selected = !peer.namespaceSelector && peer.podSelector ? render.selected(peer.podSelector) : null;
            if (!selected?.length || selected.some((w) => podLabels(w)['app.kubernetes.io/component'] !== 'database'))
              problems.push(`${workload.id}: egress to ${JSON.stringify(peer)}, not a database`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets the logs subgraph reach only DNS and the Kubernetes API server on 443/6443', () => {
    const render = rendered(overlay);
    const logs = render.workload('logs');
    const rules = render
      .policiesFor(logs, 'Egress')
      .filter((p) => !isUsersSubgraphEgress(p))
      .flatMap((p) => p.spec.egress ?? []);
    expect(rules.some(isDnsRule), 'logs may resolve names').toBe(true);
    const apiRules = rules.filter((rule) => !isDnsRule(rule));
    expect(apiRules.length, 'a route to the API server').toBeGreaterThan(0);
    const problems: string[] = [];
    for (const rule of apiRules) {
      const ports: any[] = rule.ports ?? [];
      if (!ports.length || ports.some((p) => ![443, 6443].includes(p.port) || (p.protocol ?? 'TCP') !== 'TCP'))
        problems.push(`logs egress on ports ${JSON.stringify(ports)} besides the API server's`);
      const peers: any[] = rule.to ?? [];
      if (!peers.length) problems.push('logs egress to any address');
      for (const peer of peers) {
        if (!peer.ipBlock) problems.push(`logs egress to ${JSON.stringify(peer)}, not an address range`);
        else if (overlay === 'prod' && /\/0$/.test(peer.ipBlock.cidr))
          problems.push(`prod: logs egress to everywhere (${peer.ipBlock.cidr})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets the scripts and logs subgraphs reach the users subgraph, which they poll for revocations', () => {
    const render = rendered(overlay);
    const users = render.workload('users');
    const usersIngress = render.policiesFor(users, 'Ingress').flatMap((p) => p.spec.ingress ?? []);
    for (const caller of ['scripts', 'logs']) {
      const workload = render.workload(caller);
      const out = render.policiesFor(workload, 'Egress').filter(isUsersSubgraphEgress);
      expect(out.length, `${caller} has a route out to users`).toBeGreaterThan(0);
      const admitted = usersIngress.some(
        (rule) =>
          (rule.from ?? []).some((peer: any) => selectorMatches(peer.podSelector, podLabels(workload))) &&
          (rule.ports ?? []).some((p: any) => declaresPort(users.template.spec.containers, p.port)),
      );
      expect(admitted, `users admits ${caller}`).toBe(true);
    }
  });
});
