import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_NAMESPACE = 'etl';

/** What the logs subgraph's file source reads about a pod besides its logs (`pod.json`). */
export interface LocalPodStatus {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  startedAt: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  containers: Array<{ name: string; ready: boolean; restartCount: number }>;
}

/**
 * A local service laid out as kubelet lays out a pod's logs:
 * `<root>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log`, with a `pod.json` beside.
 * Each start of the stack is a new pod (older pods of the same name are removed, as kubelet
 * does); each restart of the process is a new numbered file, and the previous one is kept.
 */
export class LocalPod {
  readonly status: LocalPodStatus;
  private readonly dir: string;

  constructor(podsRoot: string, name: string) {
    mkdirSync(podsRoot, { recursive: true });
    for (const entry of readdirSync(podsRoot)) {
      if (entry.startsWith(`${LOCAL_NAMESPACE}_${name}_`))
        rmSync(join(podsRoot, entry), { recursive: true, force: true });
    }
    const uid = randomUUID();
    this.dir = join(podsRoot, `${LOCAL_NAMESPACE}_${name}_${uid}`);
    this.status = {
      name,
      namespace: LOCAL_NAMESPACE,
      uid,
      labels: { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'etl-platform' },
      startedAt: new Date().toISOString(),
      phase: 'Pending',
      containers: [{ name, ready: false, restartCount: 0 }],
    };
    this.save();
  }

  /** The log file for the container's current run; the one before it is kept for `previous`. */
  logPath(): string {
    const { restartCount } = this.status.containers[0]!;
    const stale = join(this.dir, this.status.name, `${restartCount - 2}.log`);
    rmSync(stale, { force: true });
    return join(this.dir, this.status.name, `${restartCount}.log`);
  }

  update(change: { phase?: LocalPodStatus['phase']; ready?: boolean; restarted?: boolean }): void {
    const container = this.status.containers[0]!;
    if (change.phase) this.status.phase = change.phase;
    if (change.ready !== undefined) container.ready = change.ready;
    if (change.restarted) container.restartCount += 1;
    this.save();
  }

  private save(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'pod.json'), `${JSON.stringify(this.status, null, 2)}\n`);
  }
}
