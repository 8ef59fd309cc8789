/**
 * The Kubernetes manifests (k8s/) as a cluster would receive them: each overlay rendered with
 * `kubectl kustomize` after the operator's steps of k8s/README.md (secret files from the
 * templates), every object validated against the Kubernetes API schemas (kubernetes-models),
 * then the platform's rules checked on the rendered objects. No cluster is needed.
 *
 * A test file calls `renderOverlaysBeforeAll()` once: both overlays are rendered once for the
 * file (each test file runs in its own process), and `rendered(overlay)` hands them to its tests.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  describeObject,
  podLabels,
  policyTypes,
  selectorMatches,
  serviceSelector,
  type K8sObject,
  type LabelSelector,
  type Workload,
} from './k8s-objects.js';
import { k8sDir, NAME_LABEL, OPERATOR_ENV_FILES, OPERATOR_FILES, OVERLAYS, type OverlayName } from './platform.js';

// ------------------------------------------------------------------------------------------
// Rendering

export class Render {
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

  /**
   * A container's settings as its program reads them: its environment, with each `X_FILE` that
   * names a file of a mounted ConfigMap or Secret read as `X` from that key (the kit's config
   * loader does the same with the file).
   */
  settings(workload: Workload, container: any): Map<string, EnvValue> {
    const values = new Map<string, EnvValue>();
    for (const [name, entry] of this.env(container)) {
      if (!name.endsWith('_FILE') || entry.source !== 'literal') {
        values.set(name, entry);
        continue;
      }
      const source = this.fileSource(workload, container, entry.value);
      values.set(name.slice(0, -'_FILE'.length), {
        source: source.kind,
        name: source.name,
        key: source.key,
        value: this.dataOf(source.kind, source.name, source.key),
      });
    }
    return values;
  }

  /** The settings of a workload's container (its first, or the one named), as plain values. */
  settingsOf(workloadName: string, containerName?: string): Map<string, EnvValue> {
    const workload = this.workload(workloadName);
    const containers: any[] = [...(workload.template.spec.initContainers ?? []), ...workload.template.spec.containers];
    const container = containerName
      ? containers.find((c) => c.name === containerName)
      : workload.template.spec.containers[0];
    if (!container) throw new Error(`${workload.id}: no container ${containerName}`);
    return this.settings(workload, container);
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
      for (const source of volumeSources(volume)) {
        const key = source.items ? source.items.find((item: any) => item.path === inVolume)?.key : inVolume;
        if (key !== undefined) return { kind: source.kind, name: source.name, key };
      }
    }
    throw new Error(`${workload.id}: no ConfigMap or Secret volume provides ${path}`);
  }

  /** The Secret keys a container mounts as files (through secret and projected volumes), by Secret. */
  mountedSecretKeys(workload: Workload, container: any): Array<{ name: string; key: string; path: string }> {
    return (container.volumeMounts ?? []).flatMap((mount: any) => {
      const volume = (workload.template.spec.volumes ?? []).find((v: any) => v.name === mount.name);
      return volumeSources(volume)
        .filter((source) => source.kind === 'Secret')
        .flatMap((source) => {
          // A Secret mounted whole hands over every key it has.
          const items: Array<{ key: string; path: string }> =
            source.items ??
            Object.keys(this.find('Secret', source.name)?.data ?? {}).map((key) => ({ key, path: key }));
          return items.map((item) => ({ name: source.name, key: item.key, path: `${mount.mountPath}/${item.path}` }));
        });
    });
  }
}

/** The ConfigMaps and Secrets a volume projects: a secret, a configMap, or a projected volume's sources. */
function volumeSources(volume: any): Array<{ kind: 'ConfigMap' | 'Secret'; name: string; items?: any[] }> {
  if (volume?.secret) return [{ kind: 'Secret', name: volume.secret.secretName, items: volume.secret.items }];
  if (volume?.configMap) return [{ kind: 'ConfigMap', name: volume.configMap.name, items: volume.configMap.items }];
  return (volume?.projected?.sources ?? []).flatMap((source: any) =>
    source.secret
      ? [{ kind: 'Secret' as const, name: source.secret.name, items: source.secret.items }]
      : source.configMap
        ? [{ kind: 'ConfigMap' as const, name: source.configMap.name, items: source.configMap.items }]
        : [],
  );
}

/** Settings as plain values, what a configuration check reads. */
export function plainValues(settings: Map<string, EnvValue>): Record<string, string | undefined> {
  return Object.fromEntries([...settings].map(([name, entry]) => [name, 'value' in entry ? entry.value : undefined]));
}

export type EnvValue =
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
 * k8s/README.md says: secrets.env and database-admin.env from their templates, and stand-ins for the key files that
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
    for (const name of OPERATOR_ENV_FILES)
      copyFileSync(join(secrets, `${name}.example.env`), join(secrets, `${name}.env`));
    writeFileSync(
      join(secrets, 'jwt-signing-key.pem'),
      'stand-in for the signing key (tools/deploy/test/support/rendered-overlay.ts)\n',
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
// The renders of this test file

let operatorCopy: string | undefined;
const renders = new Map<OverlayName, Render>();

/** Renders both overlays once, before the calling file's tests, and removes the copy after them. */
export function renderOverlaysBeforeAll(): void {
  beforeAll(() => {
    requireKubectl();
    operatorCopy = prepareOperatorCopy();
    for (const overlay of OVERLAYS) renders.set(overlay, renderOverlay(join(operatorCopy, 'k8s'), overlay));
  });

  afterAll(() => {
    if (operatorCopy) rmSync(operatorCopy, { recursive: true, force: true });
  });
}

export function rendered(overlay: OverlayName): Render {
  const render = renders.get(overlay);
  if (!render) throw new Error(`overlay ${overlay} was not rendered (see the error of beforeAll)`);
  return render;
}

/** The directory holding the operator's copy of k8s/ that the overlays were rendered from. */
export function operatorCopyDir(): string {
  if (!operatorCopy) throw new Error('the operator copy of k8s/ was not made (see the error of beforeAll)');
  return operatorCopy;
}

// ------------------------------------------------------------------------------------------
// Helpers over the gateway's subgraphs

/** The subgraphs the gateway calls: each *_URL variable, its Service and the pods behind it. */
export function subgraphTargets(render: Render) {
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
