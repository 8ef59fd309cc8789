/**
 * The file store of the scripts subgraph and the runners in each rendered overlay (see support/rendered-overlay.ts): an
 * S3-compatible bucket (several replicas cannot share a local folder), named in etl-config, with
 * credentials from etl-secrets, reached through the overlay's `scripts-file-store-egress` policy
 * only; in dev an in-cluster MinIO with a Job that makes the bucket.
 */
import { describe, expect, it } from 'vitest';
import { readScriptsConfig } from '@etl/scripts';
import { describeObject, isDnsRule, isFileStoreEgress, podLabels, serviceSelector } from './support/k8s-objects.js';
import { NAME_LABEL, OVERLAYS } from './support/platform.js';
import {
  type EnvValue,
  plainValues,
  type Render,
  rendered,
  renderOverlaysBeforeAll,
} from './support/rendered-overlay.js';

/** Ports an S3-compatible endpoint answers on: https, and MinIO's usual one. */
const S3_PORTS = [443, 9000];

renderOverlaysBeforeAll();

function scriptsEnv(render: Render): Map<string, EnvValue> {
  return render.settingsOf('scripts');
}

function scriptsConfig(render: Render) {
  return readScriptsConfig(plainValues(scriptsEnv(render)));
}

/** Where a variable comes from: `Secret etl-secrets/KEY`, `ConfigMap etl-config/KEY` or `literal`. */
function sourceOf(entry: EnvValue | undefined): string | undefined {
  if (!entry) return undefined;
  if (entry.source === 'Secret' || entry.source === 'ConfigMap')
    return `${entry.source} ${entry.name.replace(/-[a-z0-9]{10}$/, '')}/${entry.key}`;
  return entry.source;
}

/** The S3 endpoint's port, given or implied by its protocol. */
function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

describe.each(OVERLAYS)('overlay %s: the file store', (overlay) => {
  it('keeps stored files in an S3 bucket named in etl-config, with credentials from etl-secrets', () => {
    const render = rendered(overlay);
    const config = scriptsConfig(render);
    expect(config.FILE_STORE, 'replicas cannot share a local folder').toBe('s3');
    expect(config.S3_ENDPOINT).toMatch(/^https?:\/\/[^/]+\/?$/);
    expect(config.S3_BUCKET).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    const env = scriptsEnv(render);
    for (const name of ['FILE_STORE', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_FORCE_PATH_STYLE'])
      expect(sourceOf(env.get(name)), name).toBe(`ConfigMap etl-config/${name}`);
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'FILE_URL_SECRET'])
      expect(sourceOf(env.get(name)), name).toBe(`Secret etl-secrets/${name}`);
    // No credential in a ConfigMap.
    for (const configMap of render.ofKind('ConfigMap'))
      for (const key of Object.keys(configMap.data ?? {}))
        expect(key, describeObject(configMap)).not.toMatch(/ACCESS_KEY|SECRET/);
    // Presigned links leave the cluster: the address clients use is an absolute URL.
    const publicEndpoint = config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT!;
    expect(URL.canParse(publicEndpoint), publicEndpoint).toBe(true);
  });

  it('gives the runner the same bucket from etl-config and credentials from etl-secrets, without the link key', () => {
    const render = rendered(overlay);
    const scripts = scriptsEnv(render);
    const runner = render.settingsOf('runner');
    for (const name of ['FILE_STORE', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_FORCE_PATH_STYLE', 'MAX_FILE_SIZE'])
      expect(sourceOf(runner.get(name)), name).toBe(sourceOf(scripts.get(name)));
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      expect(sourceOf(runner.get(name)), name).toBe(`Secret etl-secrets/${name}`);
    // Runners store outputs; only the scripts subgraph signs links to them.
    expect(runner.has('FILE_URL_SECRET')).toBe(false);
    expect(runner.has('S3_PUBLIC_ENDPOINT'), 'presigned links are the subgraph’s').toBe(false);
  });

  it('lets only the scripts subgraph and the runners reach the file store, on the endpoint’s port', () => {
    const render = rendered(overlay);
    const policies = render.ofKind('NetworkPolicy').filter(isFileStoreEgress);
    expect(policies.map(describeObject)).toEqual(['NetworkPolicy/scripts-file-store-egress']);
    const [policy] = policies;
    const selected = render.selected(policy!.spec.podSelector).map((w) => w.id);
    expect(selected.sort(), 'the subgraph and the runners, not the Jobs').toEqual([
      'Deployment/runner',
      'Deployment/scripts',
    ]);
    const endpointPort = portOf(new URL(scriptsConfig(render).S3_ENDPOINT!));
    const problems: string[] = [];
    const rules: any[] = policy!.spec.egress ?? [];
    for (const rule of rules) {
      const ports: any[] = rule.ports ?? [];
      if (!ports.length || ports.some((p) => !S3_PORTS.includes(p.port) || (p.protocol ?? 'TCP') !== 'TCP'))
        problems.push(`ports ${JSON.stringify(ports)} besides S3's`);
      const peers: any[] = rule.to ?? [];
      if (!peers.length) problems.push('egress to any address');
      for (const peer of peers) {
        if (peer.ipBlock) {
          if (/\/0$/.test(peer.ipBlock.cidr)) problems.push(`egress to everywhere (${peer.ipBlock.cidr})`);
        } else {
          const pods = !peer.namespaceSelector && peer.podSelector ? render.selected(peer.podSelector) : [];
          if (!pods.length || pods.some((w) => podLabels(w)['app.kubernetes.io/component'] !== 'file-store'))
            problems.push(`egress to ${JSON.stringify(peer)}, not a file store`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(rules.some(isDnsRule), 'DNS comes from scripts-egress').toBe(false);
    expect(
      rules.some((rule) => (rule.ports ?? []).some((p: any) => p.port === endpointPort)),
      `S3_ENDPOINT's port ${endpointPort} is allowed`,
    ).toBe(true);
  });
});

describe('overlay dev: an in-cluster MinIO', () => {
  it('serves S3_ENDPOINT from a MinIO StatefulSet whose root user is the scripts subgraph’s credentials', () => {
    const render = rendered('dev');
    const endpoint = new URL(scriptsConfig(render).S3_ENDPOINT!);
    const service = render.find('Service', endpoint.hostname)!;
    expect(service, `Service ${endpoint.hostname}`).toBeDefined();
    expect(service.spec.ports.map((p: any) => p.port)).toContain(portOf(endpoint));
    const [minio] = render.selected(serviceSelector(service)).filter((w) => w.serving);
    expect(minio?.id).toBe('StatefulSet/minio');
    const container = minio!.template.spec.containers[0];
    expect(container.image).toMatch(/^quay\.io\/minio\/minio:RELEASE\.[\dTZ-]+$/);
    const env = render.settings(minio!, container);
    const scripts = scriptsEnv(render);
    expect(sourceOf(env.get('MINIO_ROOT_USER'))).toBe(sourceOf(scripts.get('S3_ACCESS_KEY_ID')));
    expect(sourceOf(env.get('MINIO_ROOT_PASSWORD'))).toBe(sourceOf(scripts.get('S3_SECRET_ACCESS_KEY')));
    // Its folders under $HOME go to the writable /tmp.
    expect((env.get('HOME') as { value: string }).value).toBe('/tmp');
    expect(render.find('StatefulSet', 'minio')!.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    // Presigned links: a port-forward to the Service on this machine.
    expect(scriptsConfig(render).S3_PUBLIC_ENDPOINT).toBe(`http://localhost:${portOf(endpoint)}`);
  });

  it('makes the bucket with a Job of the same image, credentials and bucket name', () => {
    const render = rendered('dev');
    const job = render.workload('minio-bucket');
    expect(job.object.kind).toBe('Job');
    const [mc] = job.template.spec.containers;
    expect(mc.image).toBe(render.workload('minio').template.spec.containers[0].image);
    expect(mc.command).toEqual(['mc', 'mb', '--ignore-existing', 'etl/$(S3_BUCKET)']);
    const env = render.env(mc);
    const scripts = scriptsEnv(render);
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      expect(sourceOf(env.get(name)), name).toBe(sourceOf(scripts.get(name)));
    // The variables are defined before the one that refers to them, so Kubernetes expands them.
    const names = (mc.env as any[]).map((v) => v.name);
    expect(names.indexOf('MC_HOST_etl')).toBeGreaterThan(names.indexOf('S3_SECRET_ACCESS_KEY'));
    const alias = new URL((env.get('MC_HOST_etl') as { value: string }).value);
    expect(alias.username).toBe('$(S3_ACCESS_KEY_ID)');
    expect(alias.password).toBe('$(S3_SECRET_ACCESS_KEY)');
    expect(alias.host).toBe(new URL(scriptsConfig(render).S3_ENDPOINT!).host);
  });

  it('admits only the scripts subgraph, the runners and the bucket Job into MinIO', () => {
    const render = rendered('dev');
    const rules = render.policiesFor(render.workload('minio'), 'Ingress').flatMap((p) => p.spec.ingress ?? []);
    const admitted = rules
      .flatMap((rule: any) => rule.from ?? [{}])
      .flatMap((peer: any) => (peer.podSelector && !peer.namespaceSelector ? render.selected(peer.podSelector) : []))
      .map((w) => podLabels(w)[NAME_LABEL]);
    expect(new Set(admitted)).toEqual(new Set(['scripts', 'runner', 'minio-bucket']));
    for (const rule of rules) expect(rule.from?.length, 'a rule without `from` admits everyone').toBeGreaterThan(0);
  });
});

describe('overlay prod: an external S3 endpoint', () => {
  it('reaches S3_ENDPOINT over https at an address range the operator names', () => {
    const render = rendered('prod');
    expect(new URL(scriptsConfig(render).S3_ENDPOINT!).protocol).toBe('https:');
    const peers = render
      .ofKind('NetworkPolicy')
      .filter(isFileStoreEgress)
      .flatMap((p) => p.spec.egress ?? [])
      .flatMap((rule: any) => rule.to ?? []);
    expect(peers.length).toBeGreaterThan(0);
    for (const peer of peers) expect(peer.ipBlock?.cidr).toMatch(/^[\d.:a-f]+\/\d+$/);
    expect(render.ofKind('StatefulSet')).toEqual([]);
  });
});
