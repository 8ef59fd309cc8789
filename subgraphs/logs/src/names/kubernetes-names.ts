import { UserInputError } from '@etl/kit';

/** RFC 1123 label: namespaces and container names. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MAX = 63;
/** RFC 1123 subdomain: pod names. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MAX = 253;

export function isLabelName(value: string): boolean {
  return value.length <= LABEL_MAX && LABEL.test(value);
}

export function isSubdomainName(value: string): boolean {
  return value.length <= SUBDOMAIN_MAX && SUBDOMAIN.test(value);
}

/** Names are checked before they reach an API call or a path join: `..`, `/` and the like never pass. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

export function assertNamespaceName(value: string, field = 'namespace'): string {
  if (!isLabelName(value)) {
    throw new UserInputError(
      `${field} ${shown(value)} is not a Kubernetes namespace name: at most ${LABEL_MAX} lower-case letters, digits and '-', starting and ending with a letter or digit`,
      field,
    );
  }
  return value;
}

export function assertContainerName(value: string, field = 'container'): string {
  if (!isLabelName(value)) {
    throw new UserInputError(
      `${field} ${shown(value)} is not a Kubernetes container name: at most ${LABEL_MAX} lower-case letters, digits and '-', starting and ending with a letter or digit`,
      field,
    );
  }
  return value;
}

export function assertPodName(value: string, field = 'pod'): string {
  if (!isSubdomainName(value)) {
    throw new UserInputError(
      `${field} ${shown(value)} is not a Kubernetes pod name: at most ${SUBDOMAIN_MAX} lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit`,
      field,
    );
  }
  return value;
}
