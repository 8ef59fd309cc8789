import { ApiException } from '@kubernetes/client-node';
import { ForbiddenError, UserInputError } from '@etl/kit';

/** The `Status` object the API sends with an error, as far as it is needed. */
interface KubernetesStatus {
  reason?: string;
  message?: string;
}

function statusOf(error: ApiException<unknown>): KubernetesStatus {
  const body = error.body;
  if (typeof body === 'object' && body !== null) return body as KubernetesStatus;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) return parsed as KubernetesStatus;
    } catch {
      // not JSON: a proxy's error page; no reason to pass on
    }
  }
  return {};
}

/**
 * The API's refusals as the contract's errors: 404 NOT_FOUND, 403 FORBIDDEN, 400 (a missing
 * container, no previous run) BAD_USER_INPUT with the API's own explanation. Anything else (401
 * from bad credentials, 5xx, a broken connection) is the service's fault and stays an internal
 * error, masked for the caller and logged.
 */
export function fromKubernetesError(error: unknown, notFound: () => Error): unknown {
  if (!(error instanceof ApiException)) return error;
  const status = statusOf(error);
  const explanation = status.message ? `: ${status.message.slice(0, 500)}` : '';
  switch (error.code) {
    case 404:
      return notFound();
    case 403:
      return new ForbiddenError(`The Kubernetes API refused the logs service access${explanation}`);
    case 400:
      return new UserInputError(`The Kubernetes API refused the request${explanation}`);
    default:
      return new Error(`Kubernetes API answered ${error.code} ${status.reason ?? ''}${explanation}`);
  }
}
