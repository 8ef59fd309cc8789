/**
 * docker-compose.yml and .env.example as compose reads them, without a Docker engine: the file
 * parsed as YAML (with merge keys) and interpolated here the way compose does it, with the .env a
 * person makes from .env.example. Shared by the compose test files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';

export const repo = fileURLToPath(new URL('../../../../', import.meta.url));
export const composeText = readFileSync(join(repo, 'docker-compose.yml'), 'utf8');
export const envExampleText = readFileSync(join(repo, '.env.example'), 'utf8');

export type Mapping = Record<string, any>;

export const document = parseDocument(composeText, { merge: true });
export const compose = document.toJS({ maxAliasCount: 100 }) as Mapping;
export const services = compose.services as Record<string, Mapping>;
export const serviceNames = Object.keys(services);

/** `.env.example` as compose reads a `.env` file: NAME=value lines, comments and blanks aside. */
export const envExample = new Map(
  envExampleText
    .split('\n')
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1]!, match[2]!]),
);

export const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's interpolation of one string: `$$`, `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR:?err}`, `${VAR:+alt}`. */
export function interpolate(value: string, env: Map<string, string>): string {
  return value.replace(VARIABLE, (whole, braced?: string, operator?: string, argument = '', bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const given = env.get(name);
    const set = operator?.startsWith(':') ? given !== undefined && given !== '' : given !== undefined;
    switch (operator?.replace(':', '')) {
      case '-':
        return set ? given! : argument;
      case '?':
        if (!set) throw new Error(`${name}: ${argument}`);
        return given!;
      case '+':
        return set ? argument : '';
      default:
        return given ?? '';
    }
  });
}

export function interpolateAll<T>(value: T, env: Map<string, string>): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)])) as T;
  }
  return value;
}

/** Every string in the file, with the path that leads to it. */
export function strings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => strings(item, path ? `${path}.${key}` : key));
  }
  return [];
}

export function variablesIn(text: string): Array<{ name: string; operator: string | undefined }> {
  return [...text.matchAll(VARIABLE)]
    .filter((match) => match[0] !== '$$')
    .map((match) => ({ name: (match[1] ?? match[4])!, operator: match[2] }));
}

/** Variables of .env that compose hands over as top-level secrets (`environment:`), as files. */
export const secretVariables = new Set(
  Object.values((compose.secrets ?? {}) as Record<string, Mapping>).flatMap((secret) =>
    secret.environment ? [String(secret.environment)] : [],
  ),
);

export const usedVariables = new Set([
  ...strings(compose).flatMap(({ text }) => variablesIn(text).map(({ name }) => name)),
  ...secretVariables,
]);

/** The .env a person makes from .env.example: the example's values, the empty ones filled in. */
export const filledEnv = new Map([...envExample].map(([name, value]) => [name, value || `test-${name.toLowerCase()}`]));
export const resolved = interpolateAll(compose, filledEnv);

export function environmentOf(name: string): Record<string, string> {
  const environment = resolved.services[name].environment ?? {};
  if (Array.isArray(environment)) throw new Error(`${name}: write environment as a mapping`);
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)]));
}

/** `source:target[:mode]` mounts of a service. */
export function mountsOf(name: string): Array<{ source: string; target: string; readOnly: boolean }> {
  return ((services[name]!.volumes ?? []) as string[]).map((volume) => {
    const [source, target, mode] = volume.split(':');
    return { source: source!, target: target!, readOnly: mode === 'ro' };
  });
}

/**
 * Where a service's `*_FILE` settings come from: the named volume mounted at the file's folder,
 * or the compose secret at /run/secrets/<name>.
 */
export function fileSourceOf(name: string, path: string): { volume: string } | { secret: string } | undefined {
  const secret = /^\/run\/secrets\/([\w.-]+)$/.exec(path)?.[1];
  if (secret) return ((services[name]!.secrets ?? []) as string[]).includes(secret) ? { secret } : undefined;
  const mount = mountsOf(name).find((m) => path.startsWith(`${m.target}/`) && !/^[./~]/.test(m.source));
  return mount ? { volume: mount.source } : undefined;
}

/** Where the secret volumes of the stand-in tests sit in a container: every one under /keys or /var/lib/etl. */
export const SECRET_PATH = /^\/(keys|var\/lib\/etl\/(secrets|gateway|runner|database\/[a-z-]+))\//;

export function dependenciesOf(name: string): Record<string, string> {
  const dependsOn = services[name]!.depends_on ?? {};
  if (Array.isArray(dependsOn))
    return Object.fromEntries(dependsOn.map((dependency) => [dependency, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([key, value]) => [key, (value as Mapping).condition]));
}

/** A service that runs once and exits: restart "no" and something waits for it to complete. */
export function isOneShot(name: string): boolean {
  const awaited = serviceNames.some((other) => dependenciesOf(other)[name] === 'service_completed_successfully');
  return awaited && [undefined, 'no', 'on-failure'].includes(services[name]!.restart ?? undefined);
}

export function hasHealthcheck(name: string): boolean {
  const healthcheck = services[name]!.healthcheck as Mapping | undefined;
  return Boolean(healthcheck && !healthcheck.disable && healthcheck.test);
}

/** Which Dockerfile target a service runs: its own build target or that of the service building its image. */
export function targetOf(name: string): string | undefined {
  const service = services[name]!;
  if (service.build) return service.build.target;
  const builder = serviceNames.find((other) => services[other]!.build && services[other]!.image === service.image);
  return builder ? services[builder]!.build.target : undefined;
}

export const nodeServices = serviceNames.filter((name) => targetOf(name) !== undefined);
export const longRunningNodeServices = nodeServices.filter((name) => !isOneShot(name));

export function durationMs(text: string): number {
  const parts = [...String(text).matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  expect(parts.map((part) => part[0]).join(''), `duration ${text}`).toBe(String(text));
  const unit: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return parts.reduce((total, part) => total + Number(part[1]) * unit[part[2]!]!, 0);
}
