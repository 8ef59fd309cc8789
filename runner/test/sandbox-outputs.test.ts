import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOutputFiles, LinkSigner, LocalFileStore, type CollectedOutputs } from '@etl/scripts';
import type { ScriptRunner } from '../src/execution/script-runner.js';
import { python, runScript, testRunner } from './runner-fixtures.js';
import { testSandbox } from './sandbox-fixtures.js';

/**
 * Attacks on the collection of a run's output files: links out of `out/`, `out/` itself replaced
 * by a link, and a child that would swap a link in after the run. A secret the runner's user can
 * read sits on the host; no stored output may hold it. Real runs, a real local file store.
 */

const SECRET = 'jwt-signing-key: sandbox-output-secret';
let runner: ScriptRunner;
let store: LocalFileStore;
let workDir: string;
let secretFile: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'etl-sandbox-outputs-'));
  await chmod(workDir, 0o755);
  secretFile = join(workDir, 'signing-key.pem');
  await writeFile(secretFile, SECRET, { mode: 0o644 });
  store = new LocalFileStore(join(workDir, 'store'), new LinkSigner(randomBytes(32)));
  runner = testRunner({ sandbox: await testSandbox() });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Runs `source` and stores what it left in `out/`, as the run service does. */
async function runAndCollect(source: string, runId: string): Promise<CollectedOutputs> {
  let collected: CollectedOutputs | undefined;
  const outcome = await runScript(
    runner,
    source,
    { secret: secretFile },
    {
      collectOutputs: async (outDir) => {
        collected = await collectOutputFiles(store, runId, outDir, { maxFiles: 10, maxFileBytes: 1024 * 1024 });
      },
    },
  );
  expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
  return collected!;
}

async function storedTexts(runId: string): Promise<string[]> {
  const files = await store.list(`runs/${runId}/`, 100);
  return Promise.all(files.map(async (file) => (await store.read(file.key))!.toString('utf8')));
}

describe('the output files of a sandboxed run', () => {
  it('stores regular files and skips links to host paths', async () => {
    const collected = await runAndCollect(
      python(`
        import os
        def main(data):
            open("out/report.txt", "w").write("real output")
            os.symlink(data["secret"], "out/key.pem")
            os.symlink("/", "out/root")
            return {}
      `),
      'links',
    );
    expect(collected.files.map((file) => file.key)).toEqual(['runs/links/out/report.txt']);
    expect(collected.problems).toEqual([
      'out/key.pem: not a regular file (links and devices are not stored)',
      'out/root: not a regular file (links and devices are not stored)',
    ]);
    expect(await storedTexts('links')).toEqual(['real output']);
  });

  it('does not follow out/ when the script replaced it with a link to the host', async () => {
    const collected = await runAndCollect(
      python(`
        import os
        def main(data):
            os.rmdir("out")
            os.symlink(os.path.dirname(data["secret"]), "out")
            return {}
      `),
      'swapped',
    );
    expect(collected.files).toEqual([]);
    expect(collected.problems).toEqual(['out: not a folder (a link or a file is not followed)']);
    expect(await storedTexts('swapped')).toEqual([]);
  });

  it('collects only after every process of the run is gone: a late swap never happens', async () => {
    const collected = await runAndCollect(
      python(`
        import os, time
        def main(data):
            os.makedirs("out/data")
            open("out/data/result.csv", "w").write("a,b")
            if os.fork() == 0:
                os.setsid()
                # Would swap a link to the host in once the run has ended.
                time.sleep(0.5)
                os.rename("out/data", "out/old")
                os.symlink(os.path.dirname(data["secret"]), "out/data")
                os._exit(0)
            return {}
      `),
      'late',
    );
    expect(collected.files.map((file) => file.key)).toEqual(['runs/late/out/data/result.csv']);
    expect(await storedTexts('late')).toEqual(['a,b']);
  });
});
