/** Validation of rendered objects against the Kubernetes API schemas, with kubernetes-models. */
import * as models from 'kubernetes-models';
import { type K8sObject } from './k8s-objects.js';

/** The kubernetes-models class for an apiVersion and kind, or undefined for kinds it lacks. */
export function modelFor(apiVersion: string, kind: string): (new (data: any) => { validate(): void }) | undefined {
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

/**
 * The object as the API server decodes it. kustomize wraps the base64 of generated Secrets at 70
 * columns; the API server's decoder skips those line breaks, the schema's `byte` format does not.
 */
export function asApiServerReads(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/\s+/g, '')]),
  );
  return { ...object, data };
}
