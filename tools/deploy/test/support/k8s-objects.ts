/** The rendered objects' shapes, and small questions about them: selectors, pods, ports, images, policies. */
import { PLATFORM_IMAGE } from './platform.js';

export interface K8sObject {
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

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A pod-making object (Deployment, StatefulSet, Job...) with its pod template. */
export interface Workload {
  object: K8sObject;
  id: string;
  template: { metadata?: { labels?: Record<string, string> }; spec: any };
  /** Long-running pods behind Services (not Jobs). */
  serving: boolean;
}

export function describeObject(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.name}`;
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
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
export function serviceSelector(service: K8sObject): LabelSelector {
  return { matchLabels: service.spec.selector ?? { '': 'no selector' } };
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !!selector && !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
}

export function podLabels(workload: Workload): Record<string, string> {
  return workload.template.metadata?.labels ?? {};
}

export function containersOf(workload: Workload): any[] {
  return [...(workload.template.spec.initContainers ?? []), ...workload.template.spec.containers];
}

export function policyTypes(policy: K8sObject): string[] {
  return policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** Whether a port given by number or name is one the containers declare. */
export function declaresPort(containers: any[], port: number | string): boolean {
  return containers.some((c) => (c.ports ?? []).some((p: any) => p.containerPort === port || p.name === port));
}

export function platformImage(image: string): RegExpMatchArray | null {
  return PLATFORM_IMAGE.exec(image);
}

export function isPlatformWorkload(workload: Workload): boolean {
  return containersOf(workload).some((c) => platformImage(c.image));
}

/** Seconds a preStop hook waits (sleep action, or `sleep N` run in the container). */
export function preStopSeconds(container: any): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return Number(preStop.sleep.seconds);
  const command: string[] = preStop?.exec?.command ?? [];
  const sleep = /(?:^|\s)sleep\s+(\d+)/.exec(command.join(' '));
  return sleep ? Number(sleep[1]) : 0;
}

/** A rule that allows only DNS: port 53 and only to the cluster's DNS pods. */
export function isDnsRule(rule: any): boolean {
  const ports: any[] = rule.ports ?? [];
  const peers: any[] = rule.to ?? [];
  return (
    ports.length > 0 &&
    ports.every((p) => p.port === 53) &&
    peers.length > 0 &&
    peers.every((peer) => peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns' && !peer.ipBlock)
  );
}

/** An overlay's route from the scripts subgraph to its S3 file store (`scripts-file-store-egress`). */
export function isFileStoreEgress(policy: K8sObject): boolean {
  return policy.kind === 'NetworkPolicy' && policy.metadata.name.endsWith('-file-store-egress');
}

/**
 * The route of the scripts and logs subgraphs to the users subgraph (its revocation list, the
 * audit log's intake): every peer is the users pods, on their HTTP port.
 */
export function isUsersSubgraphEgress(policy: K8sObject): boolean {
  const rules: any[] = policy.kind === 'NetworkPolicy' ? (policy.spec.egress ?? []) : [];
  return (
    rules.length > 0 &&
    rules.every(
      (rule) =>
        (rule.to ?? []).length > 0 &&
        rule.to.every(
          (peer: any) =>
            !peer.namespaceSelector &&
            !peer.ipBlock &&
            peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'users',
        ) &&
        (rule.ports ?? []).length > 0 &&
        rule.ports.every((port: any) => port.port === 4001),
    )
  );
}

/** A Kubernetes memory or storage quantity (`3Gi`, `1280Mi`, `512M`; no exponent forms) in bytes. */
export function quantityBytes(quantity: string | number): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity).trim());
  if (!match) return NaN;
  const unit = match[2] ?? '';
  const power = ['', 'K', 'M', 'G', 'T'].indexOf(unit.charAt(0).toUpperCase());
  return Number(match[1]) * (unit.endsWith('i') ? 1024 : 1000) ** power;
}

/** Sizes as nginx reads them (ingress-nginx's proxy-body-size): bytes, k, m or g, 1024-based. */
export function bytesOf(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size.trim());
  if (!match) return NaN;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}
