import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  dockerfileText,
  envOf,
  execForm,
  healthcheckOf,
  instructions,
  isIgnored,
  last,
  lineage,
  rootOf,
  stage,
  stages,
  substitute,
} from './support/dockerfile.js';
import { repoRoot as repo } from './support/platform.js';

// Checks of the Dockerfile and .dockerignore that need no Docker engine (see
// support/dockerfile.ts): each final stage is checked with what it inherits from the stages it is
// built FROM. The scripts and runner stages' interpreter and writable folders: dockerfile-scripts.test.ts.

const compose = parse(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: { context: string; target?: string }; environment?: Record<string, string> }>;
};
const rootManifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { packageManager: string };

/** The stages compose builds (its `build.target`s): the images that run. */
const targets = Object.entries(compose.services)
  .filter(([, service]) => service.build)
  .map(([name, service]) => ({ service: name, target: service.build!.target! }));
const finalStages = () => targets.map(({ target }) => stage(target));

describe('Dockerfile', () => {
  it('parses into known instructions, with a named build stage and one final stage per service', () => {
    const known =
      'FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL';
    for (const instruction of instructions) {
      expect(known.split(' '), `line ${instruction.line}`).toContain(instruction.keyword);
    }
    expect(dockerfileText).not.toMatch(/^#\s*escape\s*=/m); // this parser assumes the backslash
    expect(stages.map((candidate) => candidate.name)).toEqual(
      expect.arrayContaining(['build', 'gateway', 'users', 'scripts', 'logs', 'runner']),
    );
    expect(new Set(stages.map((candidate) => candidate.name)).size).toBe(stages.length);
  });

  it('has a stage for every build target in docker-compose.yml', () => {
    expect(targets.map(({ target }) => target).sort()).toEqual(['gateway', 'logs', 'runner', 'scripts', 'users']);
    for (const { service, target } of targets) {
      expect(
        stages.map((candidate) => candidate.name),
        `${service} builds target ${target}`,
      ).toContain(target);
      expect(compose.services[service]!.build!.context).toBe('.');
    }
  });

  it('builds FROM images pinned to a version: never latest, never untagged', () => {
    const external = stages.filter((candidate) => !candidate.parent);
    expect(external.length).toBeGreaterThan(0);
    for (const candidate of external) {
      const match = /^(?<image>[a-z0-9./_-]+)(?::(?<tag>[\w.-]+))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/.exec(
        candidate.base,
      );
      expect(match, `FROM ${candidate.base}`).not.toBeNull();
      const tag = match!.groups!.tag;
      expect(tag, `FROM ${candidate.base}: tag`).toBeDefined();
      expect(tag, `FROM ${candidate.base}`).not.toMatch(/latest/);
      expect(tag, `FROM ${candidate.base}: a major.minor.patch version`).toMatch(/^\d+\.\d+\.\d+(-|$)/);
    }
    // Node 22 on Debian bookworm, slim.
    expect(stage('build').base).toMatch(/^node:22\.\d+\.\d+-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
    for (const final of finalStages()) {
      expect(rootOf(final).base, `${final.name} runs on the build stage's Node`).toBe(stage('build').base);
    }
  });

  it('installs pnpm with npm at the version package.json names, from the frozen lockfile', () => {
    const build = stage('build');
    const runs = build.instructions.filter((instruction) => instruction.keyword === 'RUN');
    const commands = runs.map((instruction) => substitute(instruction.args, build.args));
    expect(commands.join('\n')).toContain(`npm install --global "${rootManifest.packageManager}"`);
    expect(commands.join('\n')).not.toMatch(/corepack/);
    const installs = commands.flatMap((command) => command.split(/&&|;/)).filter((c) => /pnpm (install|i)\b/.test(c));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toContain('--frozen-lockfile');
    expect(commands.some((command) => /\bpnpm build\b/.test(command))).toBe(true);
  });

  it('copies the lockfile and fetches dependencies before copying the sources (layer caching)', () => {
    const build = stage('build').instructions;
    const manifests = build.findIndex(
      (instruction) => instruction.keyword === 'COPY' && instruction.args.includes('pnpm-lock.yaml'),
    );
    const fetch = build.findIndex(
      (instruction) => instruction.keyword === 'RUN' && /pnpm fetch/.test(instruction.args),
    );
    const sources = build.findIndex(
      (instruction) => instruction.keyword === 'COPY' && /^\.\s+\.\/?$/.test(instruction.args),
    );
    const install = build.findIndex(
      (instruction) => instruction.keyword === 'RUN' && /pnpm install/.test(instruction.args),
    );
    expect(manifests).toBeGreaterThanOrEqual(0);
    expect(build[manifests]!.args.split(/\s+/)).toEqual(
      expect.arrayContaining(['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']),
    );
    expect(manifests).toBeLessThan(fetch);
    expect(fetch).toBeLessThan(sources);
    expect(sources).toBeLessThan(install);
    expect(build[install]!.args).toContain('--offline');
  });

  it('deploys each service with production dependencies only and copies nothing else into its image', () => {
    const build = stage('build');
    const deploys = build.instructions
      .filter((instruction) => instruction.keyword === 'RUN')
      .flatMap((instruction) => instruction.args.split('&&').map((command) => command.trim()))
      .filter((command) => command.startsWith('pnpm deploy'));
    for (const final of finalStages()) {
      const name = final.name!;
      expect(deploys, name).toContain(`pnpm deploy --filter @etl/${name} --prod --legacy /out/${name}`);
      const copies = final.instructions.filter((instruction) => instruction.keyword === 'COPY');
      expect(copies.length, name).toBeGreaterThan(0);
      for (const copy of copies)
        expect(copy.args, `${name}: COPY only from the build stage`).toMatch(/^--from=build\s/);
      expect(copies[0]!.args, name).toBe(`--from=build /out/${name} /app`);
      expect(
        final.instructions.some((instruction) => /pnpm|npm (i|install)\b/.test(instruction.args)),
        name,
      ).toBe(false);
    }
  });

  it('runs each service as node (uid 1000) from /app with NODE_ENV=production', () => {
    for (const final of finalStages()) {
      const steps = lineage(final);
      const userIndex = steps.findLastIndex((instruction) => instruction.keyword === 'USER');
      const cmdIndex = steps.findLastIndex((instruction) => instruction.keyword === 'CMD');
      expect(userIndex, `${final.name}: USER before CMD`).toBeGreaterThanOrEqual(0);
      expect(userIndex, `${final.name}: USER before CMD`).toBeLessThan(cmdIndex);
      const user = steps[userIndex]!.args;
      expect(user, final.name).toMatch(/^(node|1000)(:(node|1000))?$/);
      expect(user, final.name).not.toMatch(/^(root|0)\b/);
      // Nothing runs as root after the switch.
      expect(steps.slice(userIndex).filter((instruction) => instruction.keyword === 'USER').length).toBe(1);
      expect(last(final, 'WORKDIR')?.args, final.name).toBe('/app');
      expect(envOf(final).get('NODE_ENV'), final.name).toBe('production');
    }
  });

  it('starts each service with node in exec form, with source maps', () => {
    for (const instruction of instructions.filter((candidate) => ['CMD', 'ENTRYPOINT'].includes(candidate.keyword))) {
      expect(execForm(instruction.args), `line ${instruction.line}: exec form`).toBeDefined();
    }
    for (const final of finalStages()) {
      expect(execForm(last(final, 'CMD')!.args), final.name).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
      expect(last(final, 'ENTRYPOINT'), final.name).toBeUndefined();
    }
  });

  it('exposes the port each service listens on, the one compose gives it', () => {
    for (const { service, target } of targets) {
      const final = stage(target);
      const port = envOf(final).get('PORT');
      expect(port, target).toMatch(/^\d+$/);
      expect(last(final, 'EXPOSE')?.args, target).toBe(port);
      expect(compose.services[service]!.environment?.PORT, service).toBe(port);
    }
  });

  it('checks readiness with node fetching /readyz (the slim image has no curl)', () => {
    for (const final of finalStages()) {
      const instruction = last(final, 'HEALTHCHECK');
      expect(instruction, `${final.name}: HEALTHCHECK`).toBeDefined();
      const { options, command } = healthcheckOf(instruction!);
      expect(command?.slice(0, 2), final.name).toEqual(['node', '-e']);
      expect(command![2], final.name).toContain("fetch('http://127.0.0.1:' + process.env.PORT + '/readyz')");
      expect(command![2], final.name).toContain('process.exit(1)');
      for (const option of options.keys()) {
        expect(['interval', 'timeout', 'start-period', 'start-interval', 'retries']).toContain(option);
      }
      expect(options.get('timeout'), final.name).toBeDefined();
    }
    for (const instruction of instructions)
      expect(instruction.args, `line ${instruction.line}`).not.toMatch(/\bcurl\b|\bwget\b/);
  });

  it('adds no remote files', () => {
    for (const instruction of instructions.filter((candidate) => candidate.keyword === 'ADD')) {
      expect(instruction.args, `line ${instruction.line}`).not.toMatch(/(https?|git|ssh):\/\/|git@/);
    }
    expect(instructions.filter((candidate) => candidate.keyword === 'ADD')).toEqual([]);
  });

  it('puts the supergraph into the gateway image and points SUPERGRAPH_PATH at it', () => {
    const gateway = stage('gateway');
    expect(gateway.instructions.map((instruction) => instruction.args)).toContain(
      '--from=build /src/schema/supergraph.graphql /app/schema/supergraph.graphql',
    );
    expect(envOf(gateway).get('SUPERGRAPH_PATH')).toBe('/app/schema/supergraph.graphql');
    expect(existsSync(join(repo, 'schema/supergraph.graphql'))).toBe(true);
    expect(isIgnored('schema/supergraph.graphql')).toBe(false);
  });

  it('puts the built console into the gateway image and points CONSOLE_DIR at it', () => {
    const gateway = stage('gateway');
    expect(gateway.instructions.map((instruction) => instruction.args)).toContain(
      '--from=build /src/console/dist /app/console',
    );
    expect(envOf(gateway).get('CONSOLE_DIR')).toBe('/app/console');
    // The build stage builds the console: the root build script ends with the console's build.
    const rootBuild = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts.build as string;
    expect(rootBuild).toMatch(/--filter @etl\/console build/);
    expect(isIgnored('console/src/main.tsx')).toBe(false);
    expect(isIgnored('console/index.html')).toBe(false);
  });

  it('gives the users image a /keys directory owned by node for the keys volume', () => {
    const users = stage('users').instructions;
    const mkdir = users.findIndex(
      (instruction) =>
        instruction.keyword === 'RUN' && /install -d -o node -g node -m 0700 \/keys/.test(instruction.args),
    );
    expect(mkdir).toBeGreaterThanOrEqual(0);
    expect(mkdir).toBeLessThan(users.findIndex((instruction) => instruction.keyword === 'USER'));
  });
});

describe('benchmarks', () => {
  it('live in tools/bench only: no deployed package (gateway, subgraphs) holds bench code', () => {
    const deployed = workspaceFiles().filter((path) => /^(gateway|subgraphs\/[^/]+)\/src\//.test(path));
    expect(deployed.length).toBeGreaterThan(50);
    expect(deployed.filter((path) => /bench/i.test(path))).toEqual([]);
    expect(workspaceFiles().filter((path) => /^tools\/bench\/src\/.*-bench\.ts$/.test(path))).toEqual(
      expect.arrayContaining(['tools/bench/src/pod-logs-bench.ts', 'tools/bench/src/runner-bench.ts']),
    );
  });
});

describe('.dockerignore', () => {
  it('keeps local data, secrets, dependencies, build output, git and tests out of the build context', () => {
    for (const path of [
      '.git/HEAD',
      '.data/postgres/PG_VERSION',
      '.env',
      'node_modules/.pnpm/lock.yaml',
      'gateway/node_modules/express/package.json',
      'gateway/dist/main.js',
      'subgraphs/kit/dist/index.js',
      'subgraphs/users/tsconfig.tsbuildinfo',
      'coverage/index.html',
      'gateway/test/gateway.test.ts',
      'gateway/test/helpers/fixtures.ts',
      'subgraphs/users/test/session-lifecycle.test.ts',
      'subgraphs/users/src/users/users.test.ts',
      'tools/deploy/test/dockerfile.test.ts',
    ]) {
      expect(isIgnored(path), path).toBe(true);
    }
    // And so every test file of the workspace as it is now.
    for (const file of workspaceFiles().filter((path) => /(^|\/)test\/|\.test\.ts$/.test(path))) {
      expect(isIgnored(file), file).toBe(true);
    }
  });

  it('lets in the manifests, the lockfile, the sources and the supergraph the build needs', () => {
    for (const path of [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'tsconfig.json',
      'tsconfig.base.json',
      'gateway/package.json',
      'gateway/tsconfig.json',
      'gateway/src/main.ts',
      'subgraphs/kit/src/index.ts',
      'subgraphs/users/src/cli.ts',
      'subgraphs/users/src/main.ts',
      'subgraphs/scripts/src/main.ts',
      'subgraphs/scripts/src/cli.ts',
      'subgraphs/scripts/python/check_script.py',
      'subgraphs/logs/src/main.ts',
      'schema/supergraph.graphql',
    ]) {
      expect(isIgnored(path), path).toBe(false);
    }
    // Every workspace package's manifest and TypeScript project (pnpm install and tsc -b need them all).
    const tsconfig = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8')) as {
      references: { path: string }[];
    };
    for (const { path } of tsconfig.references) {
      expect(isIgnored(`${path}/package.json`), path).toBe(false);
      expect(isIgnored(`${path}/tsconfig.json`), path).toBe(false);
      expect(isIgnored(`${path}/src/index.ts`), path).toBe(false);
    }
    // Every source file of the workspace as it is now.
    const sources = workspaceFiles().filter((path) => /(^|\/)src\//.test(path) && !path.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(50);
    for (const file of sources) expect(isIgnored(file), file).toBe(false);
    // Every file the build stage copies from the context.
    for (const copy of stage('build').instructions.filter((instruction) => instruction.keyword === 'COPY')) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources.filter((candidate) => candidate !== '.')) {
        expect(isIgnored(source), source).toBe(false);
      }
    }
  });
});

/** The files of the workspace packages (gateway, subgraphs/*, tools/*), without installed or built ones. */
function workspaceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return ['node_modules', 'dist'].includes(entry.name) ? [] : walk(path);
      return entry.isFile() ? [path] : [];
    });
  return ['gateway', 'subgraphs', 'tools'].flatMap(walk);
}
