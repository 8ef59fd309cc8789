import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testServerUrl } from '../../src/test-database.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtureConfig = fileURLToPath(new URL('./vitest.fixture.config.ts', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../../../node_modules/vitest/vitest.mjs', import.meta.url));

interface ChildRun {
  status: number | null;
  output: string;
}

/** Runs vitest with the project's configuration on one fixture, as `npm test` runs it. */
function runVitest(fixture: string, database: Record<string, string>): Promise<ChildRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The child must decide for itself where its PostgreSQL comes from, and must not believe it
    // runs inside this vitest.
    if (value === undefined || key.startsWith('VITEST') || key.endsWith('TEST_DATABASE_URL')) continue;
    env[key] = value;
  }
  Object.assign(env, database, { NO_COLOR: '1', FORCE_COLOR: '0', CI: '' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitestBin, 'run', '--config', fixtureConfig, fixture], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output }));
  });
}

/** Command lines of the running processes, by pid (`/proc` on Linux, `ps` elsewhere). */
function processCommandLines(): Map<string, string> {
  const lines = new Map<string, string>();
  if (!existsSync('/proc/self/cmdline')) {
    for (const line of execFileSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' }).split('\n')) {
      const match = /^\s*(\d+)\s+(.*)$/.exec(line);
      if (match) lines.set(match[1]!, match[2]!);
    }
    return lines;
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // The process ended while the list was read.
    }
  }
  return lines;
}

/** Processes of an embedded test PostgreSQL (the server and its launcher), by pid. */
function embeddedServerProcesses(): Set<string> {
  const found = new Set<string>();
  for (const [pid, commandLine] of processCommandLines()) {
    if (/etl-test-pg-|embedded-postgres-process\.mjs/.test(commandLine)) found.add(pid);
  }
  return found;
}

const embeddedDataFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('etl-test-pg-'));

const databaseModes: [string, () => Record<string, string>][] = [
  ['embedded PostgreSQL', () => ({})],
  ['TEST_DATABASE_URL', () => ({ TEST_DATABASE_URL: testServerUrl() })],
];

describe.each(databaseModes)('the test command with %s', (_mode, database) => {
  it('exits 1 and prints the report when an assertion fails, leaving no server behind', async () => {
    const processesBefore = embeddedServerProcesses();
    const foldersBefore = embeddedDataFolders();

    const run = await runVitest('failing-assertion', database());

    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(/Tests\s+1 failed \(1\)/);
    expect(run.output).toContain('expected 1 to be 2');
    expect([...embeddedServerProcesses()].filter((pid) => !processesBefore.has(pid))).toEqual([]);
    expect(embeddedDataFolders().filter((name) => !foldersBefore.includes(name))).toEqual([]);
  });

  it('exits 1 when a suite fails to start', async () => {
    const run = await runVitest('failing-setup', database());

    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain('the stack of this suite could not start');
  });

  it('exits 1 when a file fails to load', async () => {
    const run = await runVitest('failing-import', database());

    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain('this file cannot load: no stack URL');
    expect(run.output).toMatch(/Test Files\s+1 failed \(1\)/);
  });

  it('exits 0 when every test passes (the control)', async () => {
    const run = await runVitest('passing', database());

    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+1 passed \(1\)/);
  });
});
