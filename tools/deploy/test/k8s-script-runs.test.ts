/**
 * What script runs need from each rendered overlay (see support/rendered-overlay.ts): runner pods
 * with a writable /tmp for the run folders on a read-only root, memory and CPU for
 * RUNNER_CONCURRENCY runs at their caps besides node; scripts pods sized for node and the
 * parsers only; a gateway and an ingress that wait for the longest runScript request, and the
 * ingress routes and body size that uploads and download links need.
 */
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '@etl/gateway';
import { readRunnerConfig, type RunnerConfig } from '@etl/runner';
import { readScriptsConfig, type ScriptsConfig } from '@etl/scripts';
import { bytesOf, quantityBytes } from './support/k8s-objects.js';
import { OVERLAYS } from './support/platform.js';
import { plainValues, type Render, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Memory of the scripts subgraph's node process, uploads and answers in flight included. */
const NODE_MEMORY = 512 * MiB;
/** Memory of a runner's node process (it streams outputs to the store). */
const RUNNER_NODE_MEMORY = 256 * MiB;
/** Memory of one python3 parser process (SCRIPT_CHECK_CONCURRENCY of them; 1 MiB of source at most). */
const CHECK_MEMORY = 128 * MiB;
/** /tmp room per run (input files, files under out/, scratch) and for node. */
const RUN_DISK = 1 * GiB;
const NODE_DISK = 256 * MiB;

renderOverlaysBeforeAll();

/** A workload's container settings as plain values (ConfigMap, Secret and file references resolved). */
function valuesOf(render: Render, workload: string, container: string): Record<string, string | undefined> {
  return plainValues(render.settingsOf(workload, container));
}

function scriptsOf(render: Render): { container: any; config: ScriptsConfig } {
  const container = render.workload('scripts').template.spec.containers.find((c: any) => c.name === 'scripts');
  return { container, config: readScriptsConfig(valuesOf(render, 'scripts', 'scripts')) };
}

function runnerOf(render: Render): { container: any; pod: any; config: RunnerConfig; env: Record<string, unknown> } {
  const workload = render.workload('runner');
  const container = workload.template.spec.containers.find((c: any) => c.name === 'runner');
  const env = valuesOf(render, 'runner', 'runner');
  return { container, pod: workload.template.spec, config: readRunnerConfig(env), env };
}

/** CPU cores of a quantity: `2`, `1.5`, `250m`. */
function cores(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

describe.each(OVERLAYS)('overlay %s: script runs', (overlay) => {
  it('makes run folders in /tmp of the runner pods, an emptyDir on disk sized for RUNNER_CONCURRENCY runs, on a read-only root', () => {
    const { container, pod, config, env } = runnerOf(rendered(overlay));
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    // SCRIPT_WORK_DIR unset: the system temp folder, /tmp (TMPDIR unset too).
    expect(env.SCRIPT_WORK_DIR ?? '/tmp').toMatch(/^\/tmp(\/|$)/);
    expect(env.TMPDIR).toBeUndefined();
    const mount = (container.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
    expect(mount?.readOnly ?? false, '/tmp is writable').toBe(false);
    const volume = (pod.volumes ?? []).find((v: any) => v.name === mount?.name);
    expect(volume?.emptyDir, '/tmp is an emptyDir').toBeDefined();
    // On disk: a memory-backed one would count against the memory limit below.
    expect(volume.emptyDir.medium ?? '').toBe('');
    // Past sizeLimit the kubelet evicts the pod, ending every run on it.
    const needed = config.RUNNER_CONCURRENCY * RUN_DISK + NODE_DISK;
    expect(quantityBytes(volume.emptyDir.sizeLimit), `sizeLimit ${volume.emptyDir.sizeLimit}`).toBeGreaterThanOrEqual(
      needed,
    );
  });

  it('gives the runner memory for node and RUNNER_CONCURRENCY runs at SCRIPT_MEMORY_MB with their /tmp, and a core per run', () => {
    const { container, config } = runnerOf(rendered(overlay));
    const { requests, limits } = container.resources;
    // A run's own /tmp is memory (tmpfs) besides its address space.
    const perRun = (config.SCRIPT_MEMORY_MB + config.SCRIPT_TMP_MB) * MiB;
    const needed = RUNNER_NODE_MEMORY + config.RUNNER_CONCURRENCY * perRun;
    expect(quantityBytes(limits.memory), `memory limit ${limits.memory} >= ${needed / MiB} MiB`).toBeGreaterThanOrEqual(
      needed,
    );
    expect(quantityBytes(requests.memory)).toBeLessThanOrEqual(quantityBytes(limits.memory));
    expect(quantityBytes(requests.memory), 'node and one run at least').toBeGreaterThanOrEqual(
      RUNNER_NODE_MEMORY + config.SCRIPT_MEMORY_MB * MiB,
    );
    // A run may use a whole core; with less, runs hit the wall-clock limit before their CPU time.
    expect(cores(limits.cpu)).toBeGreaterThanOrEqual(config.RUNNER_CONCURRENCY);
    expect(cores(requests.cpu)).toBeLessThanOrEqual(cores(limits.cpu));
  });

  it('gives the scripts container memory for node and the parsers, and none of the runner settings', () => {
    const render = rendered(overlay);
    const { container, config } = scriptsOf(render);
    const needed = NODE_MEMORY + config.SCRIPT_CHECK_CONCURRENCY * CHECK_MEMORY;
    expect(quantityBytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(needed);
    const env = valuesOf(render, 'scripts', container.name);
    for (const name of ['SCRIPT_CONCURRENCY', 'SCRIPT_TIMEOUT_SECONDS', 'SCRIPT_MEMORY_MB', 'SCRIPT_MAX_OUTPUT_FILES'])
      expect(env, name).not.toHaveProperty(name);
  });

  it('lets the gateway, then the ingress, wait longer than the longest runScript request', () => {
    const render = rendered(overlay);
    const { config } = scriptsOf(render);
    const gateway = readGatewayConfig(valuesOf(render, 'gateway', 'gateway'));
    // runScript waits at most SCRIPT_RUN_WAIT_SECONDS, then answers the run as it is.
    const longestRunMs = config.SCRIPT_RUN_WAIT_SECONDS * 1000;
    expect(gateway.SUBGRAPH_TIMEOUT_MS, `SUBGRAPH_TIMEOUT_MS > ${longestRunMs} ms`).toBeGreaterThan(longestRunMs);
    const ingress = render.find('Ingress', 'gateway')!;
    const readTimeout = Number(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout'] ?? 60);
    expect(readTimeout * 1000, 'proxy-read-timeout > SUBGRAPH_TIMEOUT_MS').toBeGreaterThan(gateway.SUBGRAPH_TIMEOUT_MS);
    // The scripts pods' own drain (shutdown) is unchanged: SHUTDOWN_DRAIN_MS, then runs are
    // interrupted; the terminationGracePeriodSeconds check is in k8s-workloads.test.ts.
  });

  it('routes /graphql and /files/ to the gateway, and takes an upload of MAX_FILE_SIZE (base64 in a request)', () => {
    const render = rendered(overlay);
    const ingress = render.find('Ingress', 'gateway')!;
    for (const rule of ingress.spec.rules) {
      const paths = (rule.http?.paths ?? []).map((p: any) => `${p.pathType} ${p.path} -> ${p.backend.service.name}`);
      expect(paths, rule.host).toEqual(
        expect.arrayContaining(['Prefix /graphql -> gateway', 'Prefix /files/ -> gateway']),
      );
    }
    const { config } = scriptsOf(render);
    const gateway = readGatewayConfig(valuesOf(render, 'gateway', 'gateway'));
    const largestUpload = 4 * Math.ceil(config.MAX_FILE_SIZE / 3) + 256 * 1024;
    expect(gateway.MAX_REQUEST_BYTES).toBeGreaterThanOrEqual(largestUpload);
    const bodySize = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
    expect(bytesOf(bodySize)).toBeGreaterThanOrEqual(largestUpload);
  });
});
