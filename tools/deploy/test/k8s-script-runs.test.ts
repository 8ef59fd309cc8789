/**
 * What script runs need from each rendered overlay (see support/rendered-overlay.ts): a writable
 * /tmp for the run folders on a read-only root, memory and CPU for SCRIPT_CONCURRENCY runs at
 * their caps besides node, a gateway and an ingress that wait for the longest runScript request,
 * and the ingress routes and body size that uploads and download links need.
 */
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '@etl/gateway';
import { readScriptsConfig, type ScriptsConfig } from '@etl/scripts';
import { bytesOf, quantityBytes } from './support/k8s-objects.js';
import { OVERLAYS } from './support/platform.js';
import { type Render, rendered, renderOverlaysBeforeAll } from './support/rendered-overlay.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Memory of the scripts subgraph's node process, uploads and answers in flight included. */
const NODE_MEMORY = 512 * MiB;
/** Memory of one python3 parser process (SCRIPT_CHECK_CONCURRENCY of them; 1 MiB of source at most). */
const CHECK_MEMORY = 128 * MiB;
/** /tmp room per run (input files, files under out/, scratch) and for node and the parsers. */
const RUN_DISK = 1 * GiB;
const NODE_DISK = 256 * MiB;

renderOverlaysBeforeAll();

/** A container's environment as plain values (ConfigMap and Secret references resolved). */
function valuesOf(render: Render, container: any): Record<string, string | undefined> {
  return Object.fromEntries(
    [...render.env(container).entries()].map(([name, entry]) => [name, 'value' in entry ? entry.value : undefined]),
  );
}

/** The run settings the scripts pods still carry for the runs they host (SCRIPT_CONCURRENCY at a time). */
interface HostedRuns {
  SCRIPT_CONCURRENCY: number;
  SCRIPT_MEMORY_MB: number;
  SCRIPT_TIMEOUT_SECONDS: number;
}

function scriptsOf(render: Render): {
  container: any;
  pod: any;
  config: ScriptsConfig & HostedRuns;
  env: Record<string, unknown>;
} {
  const workload = render.workload('scripts');
  const container = workload.template.spec.containers.find((c: any) => c.name === 'scripts');
  const env = valuesOf(render, container);
  const runs: HostedRuns = {
    SCRIPT_CONCURRENCY: Number(env.SCRIPT_CONCURRENCY ?? 2),
    SCRIPT_MEMORY_MB: Number(env.SCRIPT_MEMORY_MB ?? 256),
    SCRIPT_TIMEOUT_SECONDS: Number(env.SCRIPT_TIMEOUT_SECONDS ?? 30),
  };
  return { container, pod: workload.template.spec, config: { ...readScriptsConfig(env), ...runs }, env };
}

/** CPU cores of a quantity: `2`, `1.5`, `250m`. */
function cores(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

describe.each(OVERLAYS)('overlay %s: script runs', (overlay) => {
  it('makes run folders in /tmp, an emptyDir on disk sized for SCRIPT_CONCURRENCY runs, on a read-only root', () => {
    const { container, pod, config, env } = scriptsOf(rendered(overlay));
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
    const needed = config.SCRIPT_CONCURRENCY * RUN_DISK + NODE_DISK;
    expect(quantityBytes(volume.emptyDir.sizeLimit), `sizeLimit ${volume.emptyDir.sizeLimit}`).toBeGreaterThanOrEqual(
      needed,
    );
  });

  it('gives the container memory for node, the parsers and SCRIPT_CONCURRENCY runs at SCRIPT_MEMORY_MB, and a core per run', () => {
    const { container, config } = scriptsOf(rendered(overlay));
    const { requests, limits } = container.resources;
    const needed =
      NODE_MEMORY +
      config.SCRIPT_CONCURRENCY * config.SCRIPT_MEMORY_MB * MiB +
      config.SCRIPT_CHECK_CONCURRENCY * CHECK_MEMORY;
    expect(quantityBytes(limits.memory), `memory limit ${limits.memory} >= ${needed / MiB} MiB`).toBeGreaterThanOrEqual(
      needed,
    );
    expect(quantityBytes(requests.memory)).toBeLessThanOrEqual(quantityBytes(limits.memory));
    expect(quantityBytes(requests.memory), 'node and one run at least').toBeGreaterThanOrEqual(
      NODE_MEMORY / 2 + config.SCRIPT_MEMORY_MB * MiB,
    );
    // A run may use a whole core; with less, runs hit the wall-clock limit before their CPU time.
    expect(cores(limits.cpu)).toBeGreaterThanOrEqual(config.SCRIPT_CONCURRENCY);
    expect(cores(requests.cpu)).toBeLessThanOrEqual(cores(limits.cpu));
  });

  it('lets the gateway, then the ingress, wait longer than the longest runScript request', () => {
    const render = rendered(overlay);
    const { config } = scriptsOf(render);
    const gateway = readGatewayConfig(valuesOf(render, render.workload('gateway').template.spec.containers[0]));
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
    const gateway = readGatewayConfig(valuesOf(render, render.workload('gateway').template.spec.containers[0]));
    const largestUpload = 4 * Math.ceil(config.MAX_FILE_SIZE / 3) + 256 * 1024;
    expect(gateway.MAX_REQUEST_BYTES).toBeGreaterThanOrEqual(largestUpload);
    const bodySize = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
    expect(bytesOf(bodySize)).toBeGreaterThanOrEqual(largestUpload);
  });
});
