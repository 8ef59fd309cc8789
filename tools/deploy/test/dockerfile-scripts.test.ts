import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from './support/compose-file.js';
import { envOf, isIgnored, lineage, stage, type Instruction, type Stage } from './support/dockerfile.js';
import { repoRoot as repo } from './support/platform.js';

// The scripts and runner images (see support/dockerfile.ts): the interpreter that checks scripts
// (scripts) and runs them in bubblewrap (runner), and the folders a read-only root filesystem
// leaves them for runs and stored files.

/** Each image with an interpreter, and the folder of the python programs it runs. */
const PYTHON_PROGRAMS: Record<string, { dir: string; programs: string[] }> = {
  scripts: { dir: 'subgraphs/scripts/python', programs: ['check_script.py'] },
  runner: { dir: 'runner/python', programs: ['run_script.py'] },
};

/** The single commands of a stage's RUN instructions (split at &&), with the instruction's index. */
function commandsOf(of: Stage): Array<{ command: string; index: number }> {
  return of.instructions.flatMap((instruction: Instruction, index) =>
    instruction.keyword === 'RUN'
      ? instruction.args.split('&&').map((command) => ({ command: command.trim(), index }))
      : [],
  );
}

/** Directories `install -d -o <owner> ... <dir>...` makes in a stage, with their owner. */
function installedDirectories(of: Stage): Map<string, { owner: string; index: number }> {
  const made = new Map<string, { owner: string; index: number }>();
  for (const { command, index } of commandsOf(of)) {
    const words = command.split(/\s+/);
    if (words[0] !== 'install' || !words.includes('-d')) continue;
    let owner = 'root';
    for (let i = 1; i < words.length; i++) {
      if (['-o', '-g', '-m'].includes(words[i]!)) {
        if (words[i] === '-o') owner = words[i + 1]!;
        i++;
      } else if (words[i]!.startsWith('/')) made.set(words[i]!, { owner, index });
    }
  }
  return made;
}

/** The paths a VOLUME instruction declares (JSON or plain form). */
function volumesOf(of: Stage): string[] {
  return lineage(of)
    .filter((instruction) => instruction.keyword === 'VOLUME')
    .flatMap((instruction) =>
      instruction.args.startsWith('[') ? (JSON.parse(instruction.args) as string[]) : instruction.args.split(/\s+/),
    );
}

const userIndex = (of: Stage) => of.instructions.findIndex((instruction) => instruction.keyword === 'USER');

describe('Dockerfile: the scripts image', () => {
  it.each(Object.entries(PYTHON_PROGRAMS))(
    '%s: has the full python3, and its build imports what its python programs import',
    (target, { dir, programs: expected }) => {
      const image = stage(target);
      const commands = commandsOf(image).map(({ command }) => command);
      const install = commands.find((command) => /^apt-get install\b/.test(command));
      expect(install, `apt-get install in the ${target} stage`).toBeDefined();
      expect(install).toContain('--no-install-recommends');
      expect(install!.split(/\s+/)).toContain('python3'); // the full interpreter, not python3-minimal only
      expect(install).not.toMatch(/python3-minimal/);
      // Only the runner runs scripts, so only it carries bubblewrap.
      expect(install!.split(/\s+/).includes('bubblewrap'), 'bubblewrap').toBe(target === 'runner');
      expect(commands.includes('bwrap --version'), 'bwrap --version').toBe(target === 'runner');
      // apt's lists leave the layer with it; the build fails when a module a program imports is missing.
      expect(commands).toContain('rm -rf /var/lib/apt/lists/*');
      const check = commands.find((command) => /^python3 -I -S -c /.test(command));
      expect(check, 'the build imports what the python programs import').toBeDefined();
      const programs = readdirSync(join(repo, dir)).filter((file) => file.endsWith('.py'));
      expect(programs).toEqual(expect.arrayContaining(expected));
      for (const program of programs) {
        const text = readFileSync(join(repo, dir, program), 'utf8');
        for (const [, modules] of text.matchAll(/^import ([\w, ]+)$/gm))
          for (const module of modules!.split(/,\s*/))
            expect(check, `${program} imports ${module}`).toMatch(new RegExp(`\\b${module}\\b`));
        // A file of the package, which `pnpm deploy` copies (no `files` field limits it).
        expect(isIgnored(`${dir}/${program}`), program).toBe(false);
      }
      // Installed as root, before the switch to node.
      const runs = commandsOf(image).map(({ index }) => index);
      expect(Math.max(...runs)).toBeLessThan(userIndex(image));
      const manifest = JSON.parse(readFileSync(join(repo, dir, '../package.json'), 'utf8')) as { files?: string[] };
      expect(manifest.files ?? ['python'], 'package.json files').toContain('python');
    },
  );

  it('carries no interpreter besides node in the other images', () => {
    for (const name of ['gateway', 'users', 'logs'])
      expect(
        stage(name).instructions.some((instruction) => /apt-get|python/.test(instruction.args)),
        name,
      ).toBe(false);
  });

  it('keeps stored files in FILES_DIR, a volume owned by node, made before the switch to node', () => {
    const scripts = stage('scripts');
    const filesDir = envOf(scripts).get('FILES_DIR');
    expect(filesDir, 'ENV FILES_DIR').toMatch(/^\/[\w/.-]+$/);
    expect(filesDir!.startsWith('/app'), 'outside the code, which root owns').toBe(false);
    const made = installedDirectories(scripts).get(filesDir!);
    expect(made?.owner, `install -d -o node ... ${filesDir}`).toBe('node');
    expect(made!.index).toBeLessThan(userIndex(scripts));
    // A volume: stored files never land in a container's own layer; declared after it is made
    // (a change to a declared volume's folder in a later step would be discarded).
    expect(volumesOf(scripts)).toContain(filesDir);
    const volume = scripts.instructions.findIndex((i) => i.keyword === 'VOLUME' && i.args.includes(filesDir!));
    expect(volume).toBeGreaterThan(made!.index);
  });

  it('runs scripts in the system temp folder (/tmp), which Kubernetes mounts writable', () => {
    // SCRIPT_WORK_DIR unset: os.tmpdir(), /tmp without TMPDIR, the emptyDir of the Deployment.
    const env = envOf(stage('runner'));
    expect(env.has('SCRIPT_WORK_DIR'), 'SCRIPT_WORK_DIR is left to the system temp folder').toBe(false);
    expect(env.has('TMPDIR'), 'TMPDIR would move the temp folder off /tmp').toBe(false);
  });

  it('gives every compose volume a service of a node image writes into a folder of that image owned by node', () => {
    // An empty named volume takes the owner of the image's folder when first mounted: without
    // it, the volume is root's and the service (user node) cannot write there.
    const checked: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const image = String(service.image ?? '');
      const target = /etl-([a-z]+):/.exec(image)?.[1];
      if (!target) continue;
      const made = installedDirectories(stage(target));
      for (const volume of (service.volumes ?? []) as string[]) {
        const [source, path, mode] = volume.split(':');
        if (/^[./~]/.test(source!) || mode === 'ro') continue;
        expect(made.get(path!)?.owner, `${name}: ${source} at ${path} in image etl-${target}`).toBe('node');
        checked.push(`${name}:${path}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'keys:/keys',
        'scripts:/var/lib/etl/files',
        'runner:/var/lib/etl/files',
        'file-secrets:/var/lib/etl/secrets',
        'file-secrets:/var/lib/etl/runner',
      ]),
    );
  });
});
