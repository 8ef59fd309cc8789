/**
 * The Kubernetes manifests (k8s/) as a cluster would receive them: each overlay rendered with
 * `kubectl kustomize` after the operator's steps of k8s/README.md (secret files from the
 * templates), every object validated against the Kubernetes API schemas (kubernetes-models),
 * then the platform's rules checked on the rendered objects. No cluster is needed.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as models from 'kubernetes-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
// By path: @etl/deploy does not depend on these packages (yet); their settings modules need no build.
import { logsSettings, readLogsConfig } from '@etl/logs';
import { readScriptsConfig, scriptsSettings } from '@etl/scripts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const k8sDir = join(repoRoot, 'k8s');
const supergraphPath = join(repoRoot, 'schema', 'supergraph.graphql');
const supergraphCopyPath = join(k8sDir, 'base', 'gateway', 'supergraph.sdl');

const OVERLAYS = ['dev', 'prod'] as const;
type OverlayName = (typeof OVERLAYS)[number];

/** What the operator puts into `k8s/overlays/<name>/secrets/` (k8s/README.md); git-ignored. */
const OPERATOR_FILES = ['secrets.env', 'jwt-signing-key.pem', 'jwks.json'];
const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const NAMESPACE = 'etl';
const PART_OF = 'etl-platform';
const NAME_LABEL = 'app.kubernetes.io/name';
/** Pods of a subgraph that owns a database carry this label, valued with the database's name. */
const DATABASE_LABEL = 'etl-platform/database';
/** Pods that call the Kubernetes API and so get a service-account token: the logs subgraph. */
const CALLS_KUBERNETES_API = new Set(['logs']);
/** Every platform service (image etl-<name>, a Deployment of that name). */
const SERVICES = ['gateway', 'logs', 'scripts', 'users'];
/** The subgraphs that own a database, each with its migration Job <name>-migrate. */
const DATABASE_OWNERS = ['scripts', 'users'];
/** What the logs subgraph's Role may do, and nothing more: the kubernetes log source's calls. */
const LOGS_ROLE_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];
/** The platform's own images, tagged by the overlays' `images:`. */
const PLATFORM_IMAGE = /^etl-([a-z0-9-]+)(?::([\w][\w.-]*))?$/;

/** Settings each service reads (README, Configuration); every one must be set in the Deployment. */
const REQUIRED_ENV: Record<string, string[]> = {
  gateway: [
    'NODE_ENV',
    'LOG_LEVEL',
    'HOST',
    'PORT',
    'SHUTDOWN_DRAIN_MS',
    'SUPERGRAPH_PATH',
    'USERS_URL',
    'SCRIPTS_URL',
    'LOGS_URL',
    'CORS_ORIGINS',
    'TRUST_PROXY',
    'MAX_REQUEST_BYTES',
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

// ------------------------------------------------------------------------------------------
// Rendering

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: any;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A pod-making object (Deployment, StatefulSet, Job...) with its pod template. */
interface Workload {
  object: K8sObject;
  id: string;
  template: { metadata?: { labels?: Record<string, string> }; spec: any };
  /** Long-running pods behind Services (not Jobs). */
  serving: boolean;
}

class Render {
  readonly workloads: Workload[];

  constructor(
    readonly overlay: OverlayName,
    readonly objects: K8sObject[],
  ) {
    this.workloads = objects.flatMap((object): Workload[] => {
      const id = describeObject(object);
      switch (object.kind) {
        case 'Deployment':
        case 'StatefulSet':
        case 'DaemonSet':
        case 'ReplicaSet':
          return [{ object, id, template: object.spec.template, serving: true }];
        case 'Job':
          return [{ object, id, template: object.spec.template, serving: false }];
        case 'CronJob':
          return [{ object, id, template: object.spec.jobTemplate.spec.template, serving: false }];
        default:
          return [];
      }
    });
  }

  ofKind(kind: string): K8sObject[] {
    return this.objects.filter((object) => object.kind === kind);
  }

  find(kind: string, name: string): K8sObject | undefined {
    return this.objects.find((object) => object.kind === kind && object.metadata.name === name);
  }

  /** The workload named by its app.kubernetes.io/name label (gateway, users, users-migrate...). */
  workload(name: string): Workload {
    const found = this.workloads.find((w) => w.object.metadata.labels?.[NAME_LABEL] === name);
    if (!found) throw new Error(`${this.overlay}: no workload labelled ${NAME_LABEL}=${name}`);
    return found;
  }

  /** Workloads whose pods a selector (in this namespace) picks. */
  selected(selector: LabelSelector | undefined): Workload[] {
    return this.workloads.filter((w) => selectorMatches(selector, podLabels(w)));
  }

  /** The NetworkPolicies of the given type that apply to a workload's pods. */
  policiesFor(workload: Workload, type: 'Ingress' | 'Egress'): K8sObject[] {
    return this.ofKind('NetworkPolicy').filter(
      (policy) => policyTypes(policy).includes(type) && selectorMatches(policy.spec.podSelector, podLabels(workload)),
    );
  }

  /** A container's environment, with ConfigMap and Secret references resolved. */
  env(container: any): Map<string, EnvValue> {
    const values = new Map<string, EnvValue>();
    for (const variable of container.env ?? []) {
      const from = variable.valueFrom;
      if (!from) values.set(variable.name, { source: 'literal', value: variable.value ?? '' });
      else if (from.configMapKeyRef) {
        const { name, key } = from.configMapKeyRef;
        values.set(variable.name, { source: 'ConfigMap', name, key, value: this.dataOf('ConfigMap', name, key) });
      } else if (from.secretKeyRef) {
        const { name, key } = from.secretKeyRef;
        values.set(variable.name, { source: 'Secret', name, key, value: this.dataOf('Secret', name, key) });
      } else values.set(variable.name, { source: 'other' });
    }
    return values;
  }

  /** The text a ConfigMap or Secret holds under a key, or undefined. */
  dataOf(kind: 'ConfigMap' | 'Secret', name: string, key: string): string | undefined {
    const object = this.find(kind, name);
    if (!object) return undefined;
    if (kind === 'Secret') {
      if (object.stringData?.[key] !== undefined) return String(object.stringData[key]);
      return object.data?.[key] === undefined ? undefined : Buffer.from(object.data[key], 'base64').toString('utf8');
    }
    return object.data?.[key] ?? (object.binaryData?.[key] === undefined ? undefined : '<binary>');
  }

  /** Which ConfigMap or Secret key a file path in a container comes from, through its mounts. */
  fileSource(
    workload: Workload,
    container: any,
    path: string,
  ): { kind: 'ConfigMap' | 'Secret'; name: string; key: string } {
    for (const mount of container.volumeMounts ?? []) {
      const mountPath = String(mount.mountPath).replace(/\/$/, '');
      if (!path.startsWith(`${mountPath}/`) || mount.subPath) continue;
      const inVolume = path.slice(mountPath.length + 1);
      const volume = (workload.template.spec.volumes ?? []).find((v: any) => v.name === mount.name);
      const source = volume?.secret
        ? { kind: 'Secret' as const, name: volume.secret.secretName, items: volume.secret.items }
        : volume?.configMap
          ? { kind: 'ConfigMap' as const, name: volume.configMap.name, items: volume.configMap.items }
          : undefined;
      if (!source) continue;
      const key = source.items ? source.items.find((item: any) => item.path === inVolume)?.key : inVolume;
      if (key !== undefined) return { kind: source.kind, name: source.name, key };
    }
    throw new Error(`${workload.id}: no ConfigMap or Secret volume provides ${path}`);
  }
}

type EnvValue =
  | { source: 'literal'; value: string }
  | { source: 'ConfigMap' | 'Secret'; name: string; key: string; value: string | undefined }
  | { source: 'other' };

function requireKubectl(): void {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `kubectl could not be run (${(error as Error).message.split('\n')[0]}): it renders k8s/ with its ` +
        'built-in kustomize. Install kubectl 1.30 or later; no cluster is needed.',
    );
  }
}

/**
 * A copy of k8s/ in which each overlay's secrets/ holds what the operator provides, made as
 * k8s/README.md says: secrets.env from secrets.example.env, and stand-ins for the key files that
 * `node dist/cli.js keys` writes. Any real secret files in the working tree are left out.
 */
function prepareOperatorCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'etl-k8s-'));
  const copy = join(root, 'k8s');
  cpSync(k8sDir, copy, {
    recursive: true,
    filter: (source) => !(basename(dirname(source)) === 'secrets' && OPERATOR_FILES.includes(basename(source))),
  });
  for (const overlay of OVERLAYS) {
    const secrets = join(copy, 'overlays', overlay, 'secrets');
    copyFileSync(join(secrets, 'secrets.example.env'), join(secrets, 'secrets.env'));
    writeFileSync(
      join(secrets, 'jwt-signing-key.pem'),
      'stand-in for the signing key (kubernetes-manifests.test.ts)\n',
    );
    writeFileSync(join(secrets, 'jwks.json'), '{"keys":[]}\n');
  }
  return root;
}

function renderOverlay(k8sCopy: string, overlay: OverlayName): Render {
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', join(k8sCopy, 'overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    throw new Error(`kubectl kustomize k8s/overlays/${overlay} failed:\n${stderr || (error as Error).message}`);
  }
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) throw new Error(`overlay ${overlay}: ${document.errors[0]!.message}`);
    const object = document.toJS() as K8sObject | null;
    if (object) objects.push(object);
  }
  return new Render(overlay, objects);
}

// ------------------------------------------------------------------------------------------
// Helpers over objects

function describeObject(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.name}`;
}

/** The kubernetes-models class for an apiVersion and kind, or undefined for kinds it lacks. */
function modelFor(apiVersion: string, kind: string): (new (data: any) => { validate(): void }) | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  // networking.k8s.io -> networkingK8sIo, as kubernetes-models names its group modules.
  const groupKey = group!
    .split('.')
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
  const versions: any = group === '' ? models : (models as any)[groupKey];
  const model = versions?.[version!]?.[kind];
  return typeof model === 'function' ? model : undefined;
}

function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** A Service's selector (a plain label map) as a label selector; a Service without one selects nothing here. */
function serviceSelector(service: K8sObject): LabelSelector {
  return { matchLabels: service.spec.selector ?? { '': 'no selector' } };
}

/**
 * The object as the API server decodes it. kustomize wraps the base64 of generated Secrets at 70
 * columns; the API server's decoder skips those line breaks, the schema's `byte` format does not.
 */
function asApiServerReads(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/\s+/g, '')]),
  );
  return { ...object, data };
}

function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !!selector && !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
}

function podLabels(workload: Workload): Record<string, string> {
  return workload.template.metadata?.labels ?? {};
}

function containersOf(workload: Workload): any[] {
  return [...(workload.template.spec.initContainers ?? []), ...workload.template.spec.containers];
}

function policyTypes(policy: K8sObject): string[] {
  return policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** Whether a port given by number or name is one the containers declare. */
function declaresPort(containers: any[], port: number | string): boolean {
  return containers.some((c) => (c.ports ?? []).some((p: any) => p.containerPort === port || p.name === port));
}

function platformImage(image: string): RegExpMatchArray | null {
  return PLATFORM_IMAGE.exec(image);
}

function isPlatformWorkload(workload: Workload): boolean {
  return containersOf(workload).some((c) => platformImage(c.image));
}

/** Seconds a preStop hook waits (sleep action, or `sleep N` run in the container). */
function preStopSeconds(container: any): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return Number(preStop.sleep.seconds);
  const command: string[] = preStop?.exec?.command ?? [];
  const sleep = /(?:^|\s)sleep\s+(\d+)/.exec(command.join(' '));
  return sleep ? Number(sleep[1]) : 0;
}

/** A rule that allows only DNS: port 53 and only to the cluster's DNS pods. */
function isDnsRule(rule: any): boolean {
  const ports: any[] = rule.ports ?? [];
  const peers: any[] = rule.to ?? [];
  return (
    ports.length > 0 &&
    ports.every((p) => p.port === 53) &&
    peers.length > 0 &&
    peers.every((peer) => peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns' && !peer.ipBlock)
  );
}

function bytesOf(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size.trim());
  if (!match) return NaN;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}

// ------------------------------------------------------------------------------------------
// Tests

let operatorCopy: string;
const renders = new Map<OverlayName, Render>();

function rendered(overlay: OverlayName): Render {
  const render = renders.get(overlay);
  if (!render) throw new Error(`overlay ${overlay} was not rendered (see the error of beforeAll)`);
  return render;
}

beforeAll(() => {
  requireKubectl();
  operatorCopy = prepareOperatorCopy();
  for (const overlay of OVERLAYS) renders.set(overlay, renderOverlay(join(operatorCopy, 'k8s'), overlay));
});

afterAll(() => {
  if (operatorCopy) rmSync(operatorCopy, { recursive: true, force: true });
});

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

  it('puts every object into the etl namespace, which enforces the restricted pod security standard', () => {
    const render = rendered(overlay);
    const namespace = render.find('Namespace', NAMESPACE);
    expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
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
        if (effective('seccompProfile')?.type !== 'RuntimeDefault')
          problems.push(`${at}: seccompProfile is not RuntimeDefault`);
        if (own.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
        const tmp = (container.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
        const volume = (workload.template.spec.volumes ?? []).find((v: any) => v.name === tmp?.name);
        if (!volume?.emptyDir) problems.push(`${at}: /tmp is not an emptyDir`);
      }
    }
    expect(problems).toEqual([]);
  });

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

  it('lets every service drain: termination grace period > preStop sleep + SHUTDOWN_DRAIN_MS', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const workload of render.workloads.filter((w) => w.serving && isPlatformWorkload(w))) {
      const grace = workload.template.spec.terminationGracePeriodSeconds;
      if (grace === undefined) problems.push(`${workload.id}: terminationGracePeriodSeconds is not set`);
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
    expect((gatewayEnv.get('USERS_URL') as { value: string }).value).toBe('http://users:4001/graphql');
    expect((gatewayEnv.get('SCRIPTS_URL') as { value: string }).value).toBe('http://scripts:4002/graphql');
    expect((gatewayEnv.get('LOGS_URL') as { value: string }).value).toBe('http://logs:4003/graphql');

    const users = render.workload('users');
    const usersEnv = render.env(users.template.spec.containers[0]);
    expect(usersEnv.get('DATABASE_URL')?.source, 'users DATABASE_URL comes from a Secret').toBe('Secret');
    const keyFile = (usersEnv.get('JWT_PRIVATE_KEY_FILE') as { value: string } | undefined)?.value;
    const keySource = keyFile
      ? render.fileSource(users, users.template.spec.containers[0], keyFile)
      : usersEnv.get('JWT_PRIVATE_KEY');
    expect(
      keySource && 'name' in keySource ? render.find('Secret', keySource.name) : undefined,
      'signing key from a Secret',
    ).toBeDefined();
    expect((usersEnv.get('MIGRATE_ON_START') as { value: string }).value).toBe('false');

    const scriptsEnv = render.env(render.workload('scripts').template.spec.containers[0]);
    expect(scriptsEnv.get('DATABASE_URL')?.source, 'scripts DATABASE_URL comes from a Secret').toBe('Secret');
    expect(scriptsEnv.get('JWT_PUBLIC_KEYS')?.source, 'scripts JWT_PUBLIC_KEYS comes from a Secret').toBe('Secret');
    expect((scriptsEnv.get('MIGRATE_ON_START') as { value: string }).value).toBe('false');
    // The image's full interpreter (Dockerfile: apt-get install python3).
    expect((scriptsEnv.get('PYTHON_PATH') as { value: string }).value).toBe('/usr/bin/python3');

    const logsEnv = render.env(render.workload('logs').template.spec.containers[0]);
    expect((logsEnv.get('LOGS_SOURCE') as { value: string }).value).toBe('kubernetes');
    expect(logsEnv.has('KUBERNETES_API_URL'), 'logs uses its in-cluster service account').toBe(false);
    expect(logsEnv.get('JWT_PUBLIC_KEYS')?.source, 'logs JWT_PUBLIC_KEYS comes from a Secret').toBe('Secret');
    expect(logsEnv.has('DATABASE_URL'), 'logs has no database').toBe(false);
  });

  it('gives scripts and logs only settings they read, in values their configuration check accepts', () => {
    const render = rendered(overlay);
    const checks = {
      scripts: { settings: scriptsSettings, read: readScriptsConfig },
      logs: { settings: logsSettings, read: readLogsConfig },
    };
    for (const [service, { settings, read }] of Object.entries(checks)) {
      const env = render.env(render.workload(service).template.spec.containers[0]);
      for (const name of env.keys()) expect(Object.keys(settings), `${service}: ${name}`).toContain(name);
      const values = Object.fromEntries(
        [...env.entries()].map(([name, entry]) => [name, 'value' in entry ? entry.value : undefined]),
      );
      const config = read(values) as Record<string, unknown>;
      expect(config.NODE_ENV, service).toBe('production');
      expect(String(config.PORT), service).toBe(values.PORT);
    }
    const logs = readLogsConfig(
      Object.fromEntries(
        [...render.env(render.workload('logs').template.spec.containers[0]).entries()].map(([name, entry]) => [
          name,
          'value' in entry ? entry.value : undefined,
        ]),
      ),
    );
    expect(logs.LOGS_SOURCE).toBe('kubernetes');
    expect(logs.LOGS_NAMESPACES).toContain(NAMESPACE);
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
    const database = (c: any) => {
      const entry = render.env(c).get('DATABASE_URL');
      return entry && 'name' in entry ? `${entry.name}/${entry.key}` : undefined;
    };
    expect(database(migrate), 'the Job migrates the database the Deployment uses').toBe(database(users));
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
    const database = (c: any) => {
      const entry = render.env(c).get('DATABASE_URL');
      return entry && 'name' in entry ? `${entry.name}/${entry.key}` : undefined;
    };
    expect(database(migrate), 'the Job migrates the database the Deployment uses').toBe(database(scripts));
    expect(database(scripts)).toMatch(/^etl-secrets-[a-z0-9]+\/SCRIPTS_DATABASE_URL$/);
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
      if (workload.serving && !render.policiesFor(workload, 'Ingress').some((p) => (p.spec.ingress ?? []).length))
        problems.push(`${workload.id}: serves, but no policy lets traffic in`);
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

  it('lets traffic reach each subgraph only from gateway pods', () => {
    const render = rendered(overlay);
    const problems: string[] = [];
    for (const target of subgraphTargets(render)) {
      for (const workload of target.workloads) {
        const rules = render.policiesFor(workload, 'Ingress').flatMap((p) => p.spec.ingress ?? []);
        if (!rules.length) problems.push(`${workload.id}: nothing may reach it`);
        for (const rule of rules) {
          for (const peer of rule.from ?? [{}]) {
            const selected =
              peer.podSelector && !peer.namespaceSelector && !peer.ipBlock ? render.selected(peer.podSelector) : null;
            if (!selected || selected.some((w) => podLabels(w)[NAME_LABEL] !== 'gateway'))
              problems.push(`${workload.id}: admits ${JSON.stringify(peer)}, not only gateway pods`);
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

  it('lets each database-owning workload reach only DNS and its PostgreSQL on 5432', () => {
    const render = rendered(overlay);
    const clients = render.workloads.filter((w) => podLabels(w)[DATABASE_LABEL]);
    expect(clients.map((w) => w.id).sort()).toEqual(
      DATABASE_OWNERS.flatMap((owner) => [`Deployment/${owner}`, `Job/${owner}-migrate`]).sort(),
    );
    for (const workload of clients) {
      const name = podLabels(workload)[NAME_LABEL]!;
      expect(podLabels(workload)[DATABASE_LABEL], workload.id).toBe(name.replace(/-migrate$/, ''));
    }
    const problems: string[] = [];
    for (const workload of clients) {
      const rules = render.policiesFor(workload, 'Egress').flatMap((p) => p.spec.egress ?? []);
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

  it('generates every Secret from the operator files, without private keys', () => {
    const render = rendered(overlay);
    const secrets = render.ofKind('Secret');
    expect(secrets.map((s) => s.metadata.name.replace(/-[a-z0-9]{10}$/, '')).sort()).toEqual([
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

  it('lets the logs subgraph reach only DNS and the Kubernetes API server on 443/6443', () => {
    const render = rendered(overlay);
    const logs = render.workload('logs');
    const rules = render.policiesFor(logs, 'Egress').flatMap((p) => p.spec.egress ?? []);
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
});

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
  it('runs at least gateway 3 and users, scripts, logs 2 replicas, every autoscaler from 2 up', () => {
    const render = rendered('prod');
    const floors = Object.fromEntries(
      render.ofKind('HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.minReplicas]),
    );
    expect(floors).toEqual({ gateway: 3, users: 2, scripts: 2, logs: 2 });
    for (const floor of Object.values(floors)) expect(floor).toBeGreaterThanOrEqual(2);
  });

  it('uses an external PostgreSQL reached by address range', () => {
    const render = rendered('prod');
    expect(render.ofKind('StatefulSet')).toEqual([]);
    for (const name of DATABASE_OWNERS.flatMap((owner) => [owner, `${owner}-migrate`])) {
      const peers = render
        .policiesFor(render.workload(name), 'Egress')
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

describe('k8s/ in the repository', () => {
  it("grants the logs subgraph another namespace with k8s/README.md's recipe, and only pod reads there", () => {
    // The recipe: a kustomization with `namespace: <other>` over base/logs/pod-log-access.
    const dir = join(operatorCopy, 'k8s', 'overlays', 'prod', 'logs-access-etl-jobs');
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

  it('keeps the gateway supergraph copy identical to schema/supergraph.graphql', () => {
    const same = readFileSync(supergraphCopyPath, 'utf8') === readFileSync(supergraphPath, 'utf8');
    expect(same, 'run: cp schema/supergraph.graphql k8s/base/gateway/supergraph.sdl').toBe(true);
  });

  it('commits no private key and no Secret manifest', () => {
    const problems: string[] = [];
    for (const path of committableFiles()) {
      const text = readFileSync(join(k8sDir, path), 'utf8');
      if (PRIVATE_KEY_MARKER.test(text)) problems.push(`${path}: holds a private key`);
      if (/\.ya?ml$/.test(path)) {
        for (const document of parseAllDocuments(text)) {
          if ((document.toJS() as K8sObject | null)?.kind === 'Secret') problems.push(`${path}: a Secret manifest`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps the operator's secret files out of git, and their templates in", () => {
    for (const overlay of OVERLAYS) {
      const secrets = posix.join('k8s', 'overlays', overlay, 'secrets');
      for (const file of OPERATOR_FILES)
        expect(gitIgnores(`${secrets}/${file}`), `${secrets}/${file} is git-ignored`).toBe(true);
      expect(gitIgnores(`${secrets}/secrets.example.env`), `${secrets}/secrets.example.env is committed`).toBe(false);
    }
  });
});

// ------------------------------------------------------------------------------------------
// Helpers over the repository and the gateway's subgraphs

/** The subgraphs the gateway calls: each *_URL variable, its Service and the pods behind it. */
function subgraphTargets(render: Render) {
  const env = render.env(render.workload('gateway').template.spec.containers[0]);
  return [...env.entries()]
    .filter(([name, value]) => name.endsWith('_URL') && 'value' in value && value.value)
    .map(([variable, value]) => {
      const url = new URL((value as { value: string }).value);
      const service = render.find('Service', url.hostname);
      const port = service?.spec.ports.find((p: any) => p.port === Number(url.port));
      return {
        variable,
        host: url.hostname,
        service: port ? service : undefined,
        workloads: service ? render.selected(serviceSelector(service)).filter((w) => w.serving) : [],
      };
    });
}

function flat(source: { kind: 'ConfigMap' | 'Secret'; name: string; key: string }) {
  return [source.kind, source.name, source.key] as const;
}

/** Files under k8s/ that git would commit (tracked or new, not ignored), relative to k8s/. */
function committableFiles(): string[] {
  try {
    const listing = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'k8s'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    return listing
      .split('\0')
      .filter(Boolean)
      .map((path) => relative('k8s', path))
      .filter((path) => statSync(join(k8sDir, path), { throwIfNoEntry: false })?.isFile());
  } catch {
    // No git (an exported tree): every file but the operator's own secret files.
    return (readdirSync(k8sDir, { recursive: true }) as string[]).filter(
      (path) =>
        statSync(join(k8sDir, path)).isFile() &&
        !(basename(dirname(path)) === 'secrets' && OPERATOR_FILES.includes(basename(path))),
    );
  }
}

function gitIgnores(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', path], { cwd: repoRoot, stdio: 'pipe' });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 1) return false;
    throw new Error(`git check-ignore failed for ${path}: ${(error as Error).message}`);
  }
}
