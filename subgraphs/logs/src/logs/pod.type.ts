import { JSONScalar } from '@etl/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import type { ContainerSummary, PodSummary } from '../sources/log-source.js';

@ObjectType({ description: 'A container of a pod and the state of its current run.' })
export class ContainerStatus {
  @Field(() => String, { description: "The container's name, as `podLogs(container:)` takes it." })
  name!: string;

  @Field(() => Boolean, { description: 'Whether the container passes its readiness check.' })
  ready!: boolean;

  @Field(() => Int, {
    description:
      'How often the container has restarted; `podLogs(previous: true)` shows the run before the current one.',
  })
  restartCount!: number;

  static from(summary: ContainerSummary): ContainerStatus {
    return Object.assign(new ContainerStatus(), summary);
  }
}

@ObjectType({ description: 'A Kubernetes pod in a namespace the logs service shows.' })
export class Pod {
  @Field(() => String, { description: "The pod's name." })
  name!: string;

  @Field(() => String, { description: "The pod's namespace." })
  namespace!: string;

  @Field(() => String, {
    description: "Kubernetes' pod phase: `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.",
  })
  phase!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The node the pod runs on; null when not scheduled or not known.',
  })
  nodeName!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the pod started; null when not known yet.' })
  startedAt!: Date | null;

  @Field(() => JSONScalar, { description: "The pod's labels, an object of strings; what `labelSelector` matches." })
  labels!: Record<string, string>;

  @Field(() => [ContainerStatus], { description: "The pod's containers, in the order of its spec." })
  containers!: ContainerStatus[];

  static from(summary: PodSummary): Pod {
    return Object.assign(new Pod(), { ...summary, containers: summary.containers.map(ContainerStatus.from) });
  }
}
