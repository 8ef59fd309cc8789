/**
 * Every subgraph the gateway composes is deployable everywhere: an image target, a compose
 * service the gateway waits for, a base Deployment in k8s/, and a gateway URL setting. Adding a
 * subgraph to the supergraph without its deployment fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewaySettings } from '@etl/gateway';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The subgraphs of the committed supergraph (`enum join__Graph`). */
const subgraphs = [...read('schema/supergraph.graphql').matchAll(/@join__graph\(name: "([a-z0-9-]+)"/g)].map(
  (m) => m[1]!,
);

interface ComposeService {
  build?: { target?: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const dockerfileStages = [...read('Dockerfile').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]!);
const baseResources = (parse(read('k8s/base/kustomization.yaml')) as { resources: string[] }).resources;

interface Container {
  env?: Array<{ name: string; value?: string }>;
}
function deploymentOf(service: string): { name: string; containers: Container[] } | undefined {
  const path = `k8s/base/${service}/deployment.yaml`;
  if (!existsSync(join(repoRoot, path))) return undefined;
  const objects = parseAllDocuments(read(path)).map((d) => d.toJS()) as Array<{
    kind: string;
    metadata: { name: string };
    spec: { template: { spec: { containers: Container[] } } };
  }>;
  const deployment = objects.find((o) => o.kind === 'Deployment');
  return deployment && { name: deployment.metadata.name, containers: deployment.spec.template.spec.containers };
}

describe('every composed subgraph is deployed', () => {
  it('finds the subgraphs in the supergraph', () => {
    expect(subgraphs).toContain('users');
  });

  it.each(subgraphs)(
    '%s: has a Dockerfile stage and a compose service built from it, which the gateway waits for',
    (name) => {
      expect(dockerfileStages).toContain(name);
      expect(compose.services[name]?.build?.target).toBe(name);
      expect(compose.services.gateway?.depends_on?.[name]?.condition).toBe('service_healthy');
      expect(compose.services.gateway?.environment?.[`${name.toUpperCase()}_URL`]).toMatch(
        new RegExp(`^http://${name}:\\d+/graphql$`),
      );
    },
  );

  it.each(subgraphs)('%s: has a base Deployment in k8s/ that the gateway is pointed at', (name) => {
    expect(baseResources).toContain(name);
    expect(deploymentOf(name)?.name).toBe(name);
    const gatewayEnv = deploymentOf('gateway')!.containers.flatMap((c) => c.env ?? []);
    expect(gatewayEnv.find((e) => e.name === `${name.toUpperCase()}_URL`)?.value).toMatch(
      new RegExp(`^http://${name}:\\d+/graphql$`),
    );
  });

  it.each(subgraphs)('%s: has a URL setting in the gateway', (name) => {
    expect(Object.keys(gatewaySettings)).toContain(`${name.toUpperCase()}_URL`);
  });
});
