/** What the Kubernetes manifests (k8s/) are checked against: paths, overlays and the platform's names. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const k8sDir = join(repoRoot, 'k8s');
export const supergraphPath = join(repoRoot, 'schema', 'supergraph.graphql');
export const supergraphCopyPath = join(k8sDir, 'base', 'gateway', 'supergraph.sdl');

export const OVERLAYS = ['dev', 'prod'] as const;
export type OverlayName = (typeof OVERLAYS)[number];

/** What the operator puts into `k8s/overlays/<name>/secrets/` (k8s/README.md); git-ignored. */
export const OPERATOR_FILES = ['secrets.env', 'database-admin.env', 'jwt-signing-key.pem', 'jwks.json'];
/** The templates of the operator's env files: `<name>.example.env` becomes `<name>.env`. */
export const OPERATOR_ENV_FILES = ['secrets', 'database-admin'];
export const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
export const NAMESPACE = 'etl';
export const PART_OF = 'etl-platform';
export const NAME_LABEL = 'app.kubernetes.io/name';
/** Pods of a subgraph that owns a database carry this label, valued with the database's name. */
export const DATABASE_LABEL = 'etl-platform/database';
/** Every platform service (image etl-<name>, a Deployment of that name). */
export const SERVICES = ['gateway', 'logs', 'runner', 'scripts', 'users'];
/** The subgraphs that own a database, each with its migration Job <name>-migrate. */
export const DATABASE_OWNERS = ['scripts', 'users'];
/** The platform's own images, tagged by the overlays' `images:`. */
export const PLATFORM_IMAGE = /^etl-([a-z0-9-]+)(?::([\w][\w.-]*))?$/;

/** The role runners connect as: made by the scripts provision step, granted by the grant job. */
export const RUNNER_ROLE = 'etl_runner';
/** How compose's and Kubernetes' grant job runs the scripts CLI, as the database's owner. */
export function runnerGrantCommand(): string[] {
  return ['node', 'dist/cli.js', 'grant-runner', '--role', RUNNER_ROLE];
}
