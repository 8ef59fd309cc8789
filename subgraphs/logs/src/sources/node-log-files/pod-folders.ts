import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isLabelName, isSubdomainName } from '../../names/kubernetes-names.js';
import type { ContainerSummary, PodSummary } from '../log-source.js';

/** A pod's folder in kubelet's layout: `<root>/<namespace>_<pod>_<uid>/`. */
export interface PodFolder {
  path: string;
  namespace: string;
  name: string;
  uid: string;
}

const LOG_FILE = /^(\d+)\.log$/;
const UID = /^[A-Za-z0-9-]{1,64}$/;
/** Without a pod.json, a pod whose newest log changed this recently is taken to be running. */
const RUNNING_IF_WRITTEN_WITHIN_MS = 5 * 60 * 1000;

/**
 * The pod folders of one namespace. Names come from folder names, which are checked like
 * caller input: a folder that is not `<valid namespace>_<valid pod>_<uid>` is not a pod. When
 * one pod name has several folders (a recreated pod whose old folder kubelet has not removed
 * yet), the newest wins.
 */
export async function podFoldersOf(root: string, namespace: string): Promise<Map<string, PodFolder>> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const found = new Map<string, { folder: PodFolder; changedMs: number }>();
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const parts = entry.name.split('_');
    if (parts.length !== 3 || parts[0] !== namespace) continue;
    const [, name, uid] = parts as [string, string, string];
    if (!isLabelName(namespace) || !isSubdomainName(name) || !UID.test(uid)) continue;
    const path = join(root, entry.name);
    const changedMs = (await stat(path)).mtimeMs;
    const known = found.get(name);
    if (!known || known.changedMs < changedMs) found.set(name, { folder: { path, namespace, name, uid }, changedMs });
  }
  return new Map([...found].map(([name, { folder }]) => [name, folder]));
}

/** The numbers of a container's log files (`0.log`, `1.log`, …: one per restart), ascending. */
export async function logFileNumbers(folder: PodFolder, container: string): Promise<number[]> {
  const entries = await readdir(join(folder.path, container)).catch(() => [] as string[]);
  return entries
    .map((name) => LOG_FILE.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function logFilePath(folder: PodFolder, container: string, number: number): string {
  return join(folder.path, container, `${number}.log`);
}

/** The container folders of a pod: subfolders with a valid container name. */
async function containerNames(folder: PodFolder): Promise<string[]> {
  const entries = await readdir(folder.path, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && isLabelName(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * What is known of a pod from its folder. Our local stack writes a `pod.json` beside the logs;
 * a real node has none, and then the folder says what it can: the names, the containers
 * (subfolders), each container's restarts (its highest log number), no labels, `Running` when a
 * log was written in the last five minutes (else `Unknown`), and the folder's creation time as
 * the start.
 */
export async function describePod(folder: PodFolder, nodeName: string | null): Promise<PodSummary> {
  const names = await containerNames(folder);
  const fromFile = await readPodJson(folder);
  if (fromFile) {
    return {
      name: folder.name,
      namespace: folder.namespace,
      phase: fromFile.phase ?? 'Unknown',
      nodeName,
      startedAt: fromFile.startedAt,
      labels: fromFile.labels,
      containers: names.map(
        (name) => fromFile.containers.find((c) => c.name === name) ?? { name, ready: false, restartCount: 0 },
      ),
    };
  }
  let newestWriteMs = 0;
  const containers: ContainerSummary[] = [];
  for (const name of names) {
    const numbers = await logFileNumbers(folder, name);
    const newest = numbers.at(-1);
    if (newest !== undefined) {
      newestWriteMs = Math.max(newestWriteMs, (await stat(logFilePath(folder, name, newest))).mtimeMs);
    }
    containers.push({ name, ready: false, restartCount: newest ?? 0 });
  }
  const running = Date.now() - newestWriteMs < RUNNING_IF_WRITTEN_WITHIN_MS;
  const created = await stat(folder.path);
  return {
    name: folder.name,
    namespace: folder.namespace,
    phase: running ? 'Running' : 'Unknown',
    nodeName,
    startedAt: new Date(created.birthtimeMs > 0 ? created.birthtimeMs : created.ctimeMs),
    labels: {},
    containers: containers.map((c) => ({ ...c, ready: running })),
  };
}

interface PodJson {
  phase: string | null;
  startedAt: Date | null;
  labels: Record<string, string>;
  containers: ContainerSummary[];
}

/** Reads `pod.json` defensively: it is our own file, but a half-written or foreign one must not break a listing. */
async function readPodJson(folder: PodFolder): Promise<PodJson | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(folder.path, 'pod.json'), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const data = raw as Record<string, unknown>;
  const labels: Record<string, string> = {};
  if (typeof data.labels === 'object' && data.labels !== null) {
    for (const [key, value] of Object.entries(data.labels)) if (typeof value === 'string') labels[key] = value;
  }
  const startedAt = typeof data.startedAt === 'string' ? new Date(data.startedAt) : null;
  const containers = Array.isArray(data.containers)
    ? data.containers
        .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && typeof c.name === 'string')
        .map((c) => ({
          name: c.name as string,
          ready: c.ready === true,
          restartCount: Number.isInteger(c.restartCount) ? (c.restartCount as number) : 0,
        }))
    : [];
  return {
    phase: typeof data.phase === 'string' ? data.phase : null,
    startedAt: startedAt && !Number.isNaN(startedAt.getTime()) ? startedAt : null,
    labels,
    containers,
  };
}
