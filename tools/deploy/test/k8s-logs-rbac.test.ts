/**
 * The logs subgraph's access to the Kubernetes API in each rendered overlay (see
 * support/rendered-overlay.ts): service-account tokens only for the pods that call the API, the
 * logs Role's pod reads in the namespaces LOGS_NAMESPACES names, and k8s/README.md's recipe for
 * granting another namespace.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeObject, podLabels, type K8sObject } from './support/k8s-objects.js';
import { k8sDir, NAME_LABEL, NAMESPACE, OVERLAYS } from './support/platform.js';
import { operatorCopyDir, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

/** Pods that call the Kubernetes API and so get a service-account token: the logs subgraph. */
const CALLS_KUBERNETES_API = new Set(['logs']);
/** What the logs subgraph's Role may do, and nothing more: the kubernetes log source's calls. */
const LOGS_ROLE_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];

renderOverlaysBeforeAll();

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it('gives no pod a service-account token or service-link variables unless it calls the Kubernetes API', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads) {
      const spec = workload.template.spec;
      const name = podLabels(workload)[NAME_LABEL] ?? '';
      if (!CALLS_KUBERNETES_API.has(name) && spec.automountServiceAccountToken !== false)
        problems.push(`${workload.id}: automountServiceAccountToken is not false`);
      // Service links would put USERS_PORT=tcp://... and the like into the environment.
      if (spec.enableServiceLinks !== false) problems.push(`${workload.id}: enableServiceLinks is not false`);
    }
    expect(problems).toEqual([]);
  });

  it('gives the logs pods, and no other, a service-account token: ServiceAccount logs', () => {
    const render = rendered(overlay);
    expect(render.ofKind('ServiceAccount').map(describeObject)).toEqual(['ServiceAccount/logs']);
    expect(render.find('ServiceAccount', 'logs')!.automountServiceAccountToken).toBe(true);
    const problems: string[] = [];
    for (const workload of render.workloads) {
      const spec = workload.template.spec;
      if (podLabels(workload)[NAME_LABEL] === 'logs') {
        if (spec.serviceAccountName !== 'logs') problems.push(`${workload.id}: serviceAccountName is not logs`);
        if (spec.automountServiceAccountToken !== true) problems.push(`${workload.id}: mounts no token`);
      } else {
        if (spec.automountServiceAccountToken !== false) problems.push(`${workload.id}: may mount a token`);
        if ((spec.serviceAccountName ?? 'default') !== 'default')
          problems.push(`${workload.id}: runs as ServiceAccount ${spec.serviceAccountName}`);
      }
    }
    expect(problems).toEqual([]);
    expect(render.workloads.filter((w) => podLabels(w)[NAME_LABEL] === 'logs').map((w) => w.id)).toEqual([
      'Deployment/logs',
    ]);
  });

  it('lets ServiceAccount logs only get/list pods and get pods/log, in the namespaces LOGS_NAMESPACES names', () => {
    const render = rendered(overlay);
    expect(render.ofKind('ClusterRole').map(describeObject), 'nothing cluster-wide').toEqual([]);
    expect(render.ofKind('ClusterRoleBinding').map(describeObject), 'nothing cluster-wide').toEqual([]);
    const roles = render.ofKind('Role');
    expect(roles.map(describeObject)).toEqual(['Role/logs-pod-reader']);
    const normalized = (rules: any[]) =>
      rules.map((rule) => ({
        apiGroups: [...rule.apiGroups].sort(),
        resources: [...rule.resources].sort(),
        verbs: [...rule.verbs].sort(),
        ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
        ...(rule.nonResourceURLs ? { nonResourceURLs: rule.nonResourceURLs } : {}),
      }));
    expect(normalized(roles[0]!.rules)).toEqual(LOGS_ROLE_RULES);
    const bindings = render.ofKind('RoleBinding');
    expect(bindings.map(describeObject)).toEqual(['RoleBinding/logs-pod-reader']);
    for (const binding of bindings) {
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'logs-pod-reader' });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'logs', namespace: NAMESPACE }]);
      // The Role it names is in its own namespace.
      expect(roles.some((role) => role.metadata.namespace === binding.metadata.namespace)).toBe(true);
    }
    // The logs subgraph asks for exactly the namespaces it may read.
    const namespaces = render.env(render.workload('logs').template.spec.containers[0]).get('LOGS_NAMESPACES');
    const listed = String(namespaces && 'value' in namespaces ? namespaces.value : '')
      .split(',')
      .map((namespace) => namespace.trim())
      .filter(Boolean);
    expect(listed).toContain(NAMESPACE);
    expect(bindings.map((binding) => binding.metadata.namespace)).toEqual([NAMESPACE]);
    // Any other namespace is granted by the README's recipe: a kustomization of its own, applied
    // besides the overlay (the overlay's `namespace: etl` would move it into etl).
    for (const other of listed.filter((namespace) => namespace !== NAMESPACE)) {
      const recipe = join(k8sDir, 'overlays', overlay, `logs-access-${other}`, 'kustomization.yaml');
      expect(statSync(recipe, { throwIfNoEntry: false })?.isFile(), `${other}: ${recipe}`).toBe(true);
    }
  });
});

describe('k8s/ in the repository', () => {
  it("grants the logs subgraph another namespace with k8s/README.md's recipe, and only pod reads there", () => {
    // The recipe: a kustomization with `namespace: <other>` over base/logs/pod-log-access.
    const dir = join(operatorCopyDir(), 'k8s', 'overlays', 'prod', 'logs-access-etl-jobs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'namespace: etl-jobs',
        'labels:',
        '  - pairs:',
        '      app.kubernetes.io/part-of: etl-platform',
        'resources:',
        '  - ../../../base/logs/pod-log-access',
        '',
      ].join('\n'),
    );
    const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const objects = parseAllDocuments(text).map((document) => document.toJS() as K8sObject);
    expect(objects.map((object) => `${describeObject(object)} in ${object.metadata.namespace}`).sort()).toEqual([
      'Role/logs-pod-reader in etl-jobs',
      'RoleBinding/logs-pod-reader in etl-jobs',
    ]);
    const role = objects.find((object) => object.kind === 'Role')!;
    expect(role.rules).toEqual(LOGS_ROLE_RULES);
    const binding = objects.find((object) => object.kind === 'RoleBinding')!;
    // The subject stays the platform's ServiceAccount, in etl.
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'logs', namespace: NAMESPACE }]);
  });
});
