import { NotFoundError, UserInputError } from '@etl/kit';

/** The contract's errors about pods and containers, written once for both sources. */
export const podLogErrors = {
  podNotFound: (namespace: string, pod: string) =>
    new NotFoundError(`Pod ${JSON.stringify(pod)} not found in namespace ${JSON.stringify(namespace)}`),
  containerRequired: (pod: string, containers: readonly string[]) =>
    new UserInputError(
      `Pod ${JSON.stringify(pod)} has ${containers.length} containers: name one of ${containers.join(', ')}`,
      'container',
    ),
  unknownContainer: (pod: string, container: string, containers: readonly string[]) =>
    new UserInputError(
      `Pod ${JSON.stringify(pod)} has no container ${JSON.stringify(container)}; its containers: ${
        containers.join(', ') || 'none'
      }`,
      'container',
    ),
  noPreviousRun: (pod: string, container: string) =>
    new UserInputError(
      `Container ${JSON.stringify(container)} of pod ${JSON.stringify(pod)} has no previous (terminated) run to show`,
      'previous',
    ),
};

/** The container a read is about: the one named, or the pod's only one. */
export function chooseContainer(pod: string, requested: string | undefined, containers: readonly string[]): string {
  if (requested !== undefined) {
    if (!containers.includes(requested)) throw podLogErrors.unknownContainer(pod, requested, containers);
    return requested;
  }
  if (containers.length === 1) return containers[0]!;
  throw podLogErrors.containerRequired(pod, containers);
}
