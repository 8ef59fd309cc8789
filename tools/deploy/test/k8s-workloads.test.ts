/**
 * The workloads of each rendered overlay (see support/rendered-overlay.ts): valid API objects in
 * the etl namespace, labelled, selected and probed correctly, with resources and security
 * contexts, rolled out and drained safely, on pinned images, autoscaled behind
 * PodDisruptionBudgets, and with a migration Job per database.
 */
import { describe, expect, it } from 'vitest';
import { asApiServerReads, modelFor } from './support/api-schema.js';
import {
  containersOf,
  declaresPort,
  describeObject,
  isEmptySelector,
  isPlatformWorkload,
  platformImage,
  podLabels,
  preStopSeconds,
  selectorMatches,
  serviceSelector,
  type LabelSelector,
} from './support/k8s-objects.js';
import { DATABASE_OWNERS, NAME_LABEL, NAMESPACE, OVERLAYS, PART_OF, SERVICES } from './support/platform.js';
import { type Render, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

renderOverlaysBeforeAll();

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it('renders only kinds the Kubernetes API knows, each valid against its schema', () => {
    const render = rendered(overlay);
    expect(render.objects.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const object of render.objects) {
      const Model = modelFor(object.apiVersion, object.kind);
      if (!Model) {
        problems.push(`${describeObject(object)}: unknown kind ${object.apiVersion} ${object.kind}`);
        continue;
      }
      try {
        new Model(asApiServerReads(object)).validate();
      } catch (error) {
        problems.push(`${describeObject(object)}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('puts every object into the etl namespace, which warns and audits against the restricted standard', () => {
    const render = rendered(overlay);
    const namespace = render.find('Namespace', NAMESPACE);
    // Enforced `privileged` only for the scripts pods' sandbox; every other pod is checked
    // against `restricted` below, and the API server warns and audits against it.
    expect(namespace?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    const elsewhere = render.objects
      .filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NAMESPACE)
      .map((o) => `${describeObject(o)} in ${o.metadata.namespace ?? '(none)'}`);
    expect(elsewhere).toEqual([]);
  });

  it('labels every object part-of etl-platform and every workload and pod with its name', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const object of render.objects) {
      if (object.metadata.labels?.['app.kubernetes.io/part-of'] !== PART_OF)
        problems.push(`${describeObject(object)}: no app.kubernetes.io/part-of=${PART_OF}`);
    }
    for (const workload of render.workloads) {
      const name = workload.object.metadata.labels?.[NAME_LABEL];
      if (!name) problems.push(`${workload.id}: no ${NAME_LABEL}`);
      if (podLabels(workload)[NAME_LABEL] !== name)
        problems.push(`${workload.id}: pods not labelled ${NAME_LABEL}=${name}`);
      if (podLabels(workload)['app.kubernetes.io/part-of'] !== PART_OF)
        problems.push(`${workload.id}: pods not labelled part-of ${PART_OF}`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every Deployment and StatefulSet a selector that matches its own pods only', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads.filter((w) => w.object.spec.selector)) {
      const selector = workload.object.spec.selector as LabelSelector;
      if (isEmptySelector(selector)) problems.push(`${workload.id}: empty selector`);
      if (!selectorMatches(selector, podLabels(workload))) problems.push(`${workload.id}: selector misses its pods`);
      const others = render.selected(selector).filter((w) => w !== workload && w.serving);
      if (others.length) problems.push(`${workload.id}: selector also matches ${others.map((w) => w.id).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('routes every Service to existing pods on a port their containers declare', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const service of render.ofKind('Service')) {
      const id = describeObject(service);
      const targets = render.selected(serviceSelector(service)).filter((w) => w.serving);
      if (isEmptySelector(serviceSelector(service)) || !targets.length) {
        problems.push(`${id}: selects no pods`);
        continue;
      }
      for (const port of service.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        for (const workload of targets) {
          if (!declaresPort(workload.template.spec.containers, target))
            problems.push(`${id}: targetPort ${target} is not a container port of ${workload.id}`);
        }
      }
    }
    for (const statefulSet of render.ofKind('StatefulSet')) {
      const service = render.find('Service', statefulSet.spec.serviceName);
      if (service?.spec.clusterIP !== 'None')
        problems.push(
          `${describeObject(statefulSet)}: serviceName ${statefulSet.spec.serviceName} is no headless Service`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('probes every serving container: platform services with GET /healthz (liveness) and /readyz (readiness) on their port', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads.filter((w) => w.serving)) {
      for (const container of workload.template.spec.containers) {
        const at = `${workload.id} container ${container.name}`;
        const { livenessProbe: liveness, readinessProbe: readiness } = container;
        if (!liveness || !readiness) {
          problems.push(`${at}: needs both a liveness and a readiness probe`);
          continue;
        }
        if (!platformImage(container.image)) continue;
        for (const [probe, path] of [
          [liveness, '/healthz'],
          [readiness, '/readyz'],
        ] as const) {
          if (probe.httpGet?.path !== path)
            problems.push(`${at}: probe should GET ${path}, not ${probe.httpGet?.path}`);
          else if (!declaresPort([container], probe.httpGet.port))
            problems.push(`${at}: probe port ${probe.httpGet.port} is not a container port`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every container cpu and memory requests and limits', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads) {
      for (const container of containersOf(workload)) {
        for (const kind of ['requests', 'limits'])
          for (const resource of ['cpu', 'memory'])
            if (container.resources?.[kind]?.[resource] === undefined)
              problems.push(`${workload.id} container ${container.name}: no ${resource} ${kind}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs every container as non-root uid/gid 1000+, without privileges or capabilities, on a read-only root with an emptyDir /tmp', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads) {
      const pod = workload.template.spec.securityContext ?? {};
      for (const container of containersOf(workload)) {
        const at = `${workload.id} container ${container.name}`;
        const own = container.securityContext ?? {};
        const effective = (field: string) => own[field] ?? pod[field];
        if (effective('runAsNonRoot') !== true) problems.push(`${at}: runAsNonRoot is not true`);
        for (const field of ['runAsUser', 'runAsGroup'])
          if (!(Number(effective(field)) > 0)) problems.push(`${at}: ${field} is not a non-zero id`);
        if (own.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
        if (own.privileged) problems.push(`${at}: privileged`);
        if (!(own.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
        if ((own.capabilities?.add ?? []).length) problems.push(`${at}: adds capabilities`);
        // The runner container alone runs bubblewrap, which the default profile refuses (see
        // its deployment and the test of the run sandbox's needs below).
        const seccomp = isRunnerContainer(workload.id, container.name) ? 'Unconfined' : 'RuntimeDefault';
        if (effective('seccompProfile')?.type !== seccomp) problems.push(`${at}: seccompProfile is not ${seccomp}`);
        if (own.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
        const tmp = (container.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
        const volume = (workload.template.spec.volumes ?? []).find((v: any) => v.name === tmp?.name);
        if (!volume?.emptyDir) problems.push(`${at}: /tmp is not an emptyDir`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives the runner pods what the run sandbox needs, and nothing more; no other pod any of it', () => {
    const render = rendered(overlay);
    const runner = render.workloads.find((workload) => workload.id === 'Deployment/runner')!;
    const container = containersOf(runner).find((c: any) => c.name === 'runner');
    expect(runner.template.spec.hostUsers).toBe(false);
    expect(container.securityContext).toMatchObject({
      procMount: 'Unmasked',
      seccompProfile: { type: 'Unconfined' },
      appArmorProfile: { type: 'Unconfined' },
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.securityContext.privileged).toBeUndefined();
    expect(container.securityContext.capabilities.add).toBeUndefined();
    for (const workload of render.workloads.filter((w) => w !== runner)) {
      expect(workload.template.spec.hostUsers, workload.id).toBeUndefined();
      for (const other of containersOf(workload)) {
        const at = `${workload.id} container ${other.name}`;
        expect(other.securityContext?.procMount, at).toBeUndefined();
        expect(other.securityContext?.appArmorProfile, at).toBeUndefined();
      }
    }
  });

  it('rolls Deployments out one extra pod at a time, never below the wanted count', () => {
    const render = rendered(overlay);
    const strategies = Object.fromEntries(
      render
        .ofKind('Deployment')
        .map((d) => [d.metadata.name, { type: d.spec.strategy?.type, ...d.spec.strategy?.rollingUpdate }]),
    );
    for (const strategy of Object.values(strategies))
      expect(strategy).toEqual({ type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 1 });
    expect(Object.keys(strategies).sort()).toEqual(SERVICES);
  });

  it('lets every service drain: termination grace period > preStop sleep + SHUTDOWN_DRAIN_MS (a runner: its run grace)', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads.filter((w) => w.serving && isPlatformWorkload(w))) {
      const grace = workload.template.spec.terminationGracePeriodSeconds;
      if (grace === undefined) problems.push(`${workload.id}: terminationGracePeriodSeconds is not set`);
      if (workload.id === 'Deployment/runner') {
        // No endpoints to leave, so no preStop: running runs get RUNNER_SHUTDOWN_GRACE_SECONDS
        // to finish, then 5 s to go back to the queue, before SIGKILL.
        const entry = render.env(workload.template.spec.containers[0]).get('RUNNER_SHUTDOWN_GRACE_SECONDS');
        const runGrace = Number(entry && 'value' in entry ? entry.value : NaN);
        if (!(Number(grace) > runGrace + 5)) problems.push(`${workload.id}: grace ${grace}s <= ${runGrace}s + 5 s`);
        continue;
      }
      for (const container of workload.template.spec.containers) {
        const drain = render.env(container).get('SHUTDOWN_DRAIN_MS');
        const drainMs = Number(drain && 'value' in drain ? drain.value : NaN);
        const sleep = preStopSeconds(container);
        if (!(drainMs > 0)) problems.push(`${workload.id}: SHUTDOWN_DRAIN_MS does not resolve to a number`);
        if (!(sleep > 0)) problems.push(`${workload.id}: no preStop sleep before SIGTERM`);
        if (!(Number(grace) > sleep + drainMs / 1000))
          problems.push(`${workload.id}: grace ${grace}s <= preStop ${sleep}s + drain ${drainMs / 1000}s`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('migrates the users database with a Job running the users image: node dist/cli.js bootstrap', () => {
    const render = rendered(overlay);
    const job = render.workload('users-migrate');
    expect(job.object.kind).toBe('Job');
    const [migrate] = job.template.spec.containers;
    const [users] = render.workload('users').template.spec.containers;
    expect(migrate.image).toBe(users.image);
    expect([...(migrate.command ?? []), ...(migrate.args ?? [])].slice(0, 3)).toEqual([
      'node',
      'dist/cli.js',
      'bootstrap',
    ]);
    expect(['Never', 'OnFailure']).toContain(job.template.spec.restartPolicy);
    expectOwnerOfServiceDatabase(render, 'users');
  });

  it('migrates the scripts database with a Job running the scripts image: node dist/cli.js migrate', () => {
    const render = rendered(overlay);
    const job = render.workload('scripts-migrate');
    expect(job.object.kind).toBe('Job');
    const [migrate] = job.template.spec.containers;
    const [scripts] = render.workload('scripts').template.spec.containers;
    expect(migrate.image).toBe(scripts.image);
    expect([...(migrate.command ?? []), ...(migrate.args ?? [])]).toEqual(['node', 'dist/cli.js', 'migrate']);
    expect(['Never', 'OnFailure']).toContain(job.template.spec.restartPolicy);
    expectOwnerOfServiceDatabase(render, 'scripts');
    // Every database owner has its Job, and its pods never migrate themselves.
    for (const owner of DATABASE_OWNERS) {
      expect(render.workload(`${owner}-migrate`).object.kind, owner).toBe('Job');
      const env = render.env(render.workload(owner).template.spec.containers[0]);
      expect((env.get('MIGRATE_ON_START') as { value: string } | undefined)?.value, owner).toBe('false');
    }
  });

  it('runs the platform images etl-<service> with an explicit tag, and pins every other image', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    const services = new Set<string>();
    for (const workload of render.workloads) {
      for (const container of containersOf(workload)) {
        const image = String(container.image);
        const platform = platformImage(image);
        if (platform) services.add(platform[1]!);
        const tag = platform ? platform[2] : /:([\w][\w.-]*)$/.exec(image.replace(/@sha256:.*/, ''))?.[1];
        if ((!tag || tag === 'latest') && !image.includes('@sha256:'))
          problems.push(`${workload.id} container ${container.name}: image ${image} has no fixed tag`);
      }
    }
    expect(problems).toEqual([]);
    expect([...services].sort()).toEqual(SERVICES);
  });

  it('autoscales every service (autoscaling/v2) without the Deployments fixing a replica count', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    const hpas = render.ofKind('HorizontalPodAutoscaler');
    for (const hpa of hpas) {
      const id = describeObject(hpa);
      if (hpa.apiVersion !== 'autoscaling/v2') problems.push(`${id}: apiVersion ${hpa.apiVersion}`);
      const { kind, name } = hpa.spec.scaleTargetRef;
      const target = render.find(kind, name);
      if (!target) {
        problems.push(`${id}: scaleTargetRef ${kind}/${name} does not exist`);
        continue;
      }
      if (target.spec.replicas !== undefined)
        problems.push(`${id}: ${kind}/${name} sets replicas, which every apply would reset the autoscaler to`);
      if (!(hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas >= hpa.spec.minReplicas))
        problems.push(`${id}: replicas ${hpa.spec.minReplicas}..${hpa.spec.maxReplicas}`);
      const usesCpu = (hpa.spec.metrics ?? []).some((m: any) => m.resource?.name === 'cpu');
      const withoutCpuRequest = target.spec.template.spec.containers.filter((c: any) => !c.resources?.requests?.cpu);
      if (usesCpu && withoutCpuRequest.length) problems.push(`${id}: cpu utilization needs cpu requests`);
    }
    expect(problems).toEqual([]);
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(SERVICES);
  });

  it('guards every autoscaled Deployment with a PodDisruptionBudget that still lets a node drain', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const hpa of render.ofKind('HorizontalPodAutoscaler')) {
      const workload = render.workloads.find((w) => w.object.metadata.name === hpa.spec.scaleTargetRef.name)!;
      const pdbs = render
        .ofKind('PodDisruptionBudget')
        .filter((p) => selectorMatches(p.spec.selector, podLabels(workload)));
      if (pdbs.length !== 1) problems.push(`${workload.id}: ${pdbs.length} PodDisruptionBudgets`);
      for (const pdb of pdbs) {
        const { maxUnavailable, minAvailable } = pdb.spec;
        const allowsEviction =
          (typeof maxUnavailable === 'number' && maxUnavailable >= 1) ||
          (typeof minAvailable === 'number' && minAvailable < hpa.spec.minReplicas);
        if (!allowsEviction)
          problems.push(`${describeObject(pdb)}: blocks every eviction at ${hpa.spec.minReplicas} replicas`);
      }
    }
    for (const pdb of render.ofKind('PodDisruptionBudget')) {
      if (!render.selected(pdb.spec.selector).length) problems.push(`${describeObject(pdb)}: selects no pods`);
    }
    expect(problems).toEqual([]);
  });
});

/**
 * The migration Job connects as the owner (`<NAME>_DATABASE_OWNER_URL`) of the database the
 * Deployment reaches as its service role (`<NAME>_DATABASE_URL`): the same database, another role.
 */
function expectOwnerOfServiceDatabase(render: Render, owner: string): void {
  const database = (workload: string, container?: string) => {
    const entry = render.settingsOf(workload, container).get('DATABASE_URL');
    return entry && 'key' in entry ? { key: entry.key, url: new URL(entry.value!) } : undefined;
  };
  const migrate = database(`${owner}-migrate`, 'migrate');
  const service = database(owner);
  expect(migrate?.key, owner).toBe(`${owner.toUpperCase()}_DATABASE_OWNER_URL`);
  expect(service?.key, owner).toBe(`${owner.toUpperCase()}_DATABASE_URL`);
  expect(migrate!.url.pathname, 'the Job migrates the database the Deployment uses').toBe(service!.url.pathname);
  expect(migrate!.url.username, owner).not.toBe(service!.url.username);
}

function isRunnerContainer(workloadId: string, containerName: string): boolean {
  return workloadId === 'Deployment/runner' && containerName === 'runner';
}
