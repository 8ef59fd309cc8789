import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LinkSigner } from '../../src/files/store/link-signature.js';
import { LocalFileStore } from '../../src/files/store/local-file-store.js';
import { RunRetention } from '../../src/runs/run-retention.js';
import { ScriptRunStatus } from '../../src/runs/script-run-status.js';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * The retention sweep on a real database and the real local file store (the one the stack's
 * scripts subgraph writes to): finished runs that ended before the retention go with the files
 * under `runs/<id>/`, in batches; recent runs, queued and running ones, and other runs' files stay.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;
/** Small, so that a sweep crosses several batch boundaries. */
const BATCH = 3;

const filesDir = mkdtempSync(join(tmpdir(), 'etl-retention-files-'));

const WRITER = python(`
  def main(data):
      with open("out/report.txt", "w") as f:
          f.write("kept a while")
      return {}
`);

describe('the retention sweep of old runs', () => {
  // The subgraph starts its own sweep too (on an empty database): starting and draining it is tested.
  const h = useRunsStack({ SCRIPT_RUN_RETENTION_DAYS: String(RETENTION_DAYS), FILES_DIR: filesDir });
  const store = new LocalFileStore(filesDir, new LinkSigner(randomBytes(32)));
  const logger = createLogger('test', 'silent');
  const retention = (batchSize = BATCH) =>
    new RunRetention(h.stack.scripts.orm, store, { retentionDays: RETENTION_DAYS, batchSize }, logger);

  afterAll(() => rm(filesDir, { recursive: true, force: true }));

  /** A stored run that ended `endedDaysAgo` days ago (never, for queued and running ones), with `files` output files. */
  async function seed(status: ScriptRunStatus, endedDaysAgo: number | null, files = 0): Promise<ScriptRun> {
    const run = new ScriptRun({
      scriptId: randomUUID(),
      logicalPath: 'retention/seeded.py',
      version: 1,
      startedById: randomUUID(),
      status,
      input: {},
      inputFiles: [],
    });
    const ago = (endedDaysAgo ?? 0) * DAY_MS;
    run.createdAt = new Date(Date.now() - ago - 60_000);
    run.finishedAt = endedDaysAgo === null ? null : new Date(Date.now() - ago);
    for (let i = 0; i < files; i += 1) {
      const key = `runs/${run.id}/out/${i === 0 ? 'a.txt' : `nested/f${i}.txt`}`;
      run.outputFiles.push(await store.put(key, Buffer.from(`file ${i}`), 'text/plain', `file ${i}`.length));
    }
    await h.stack.scripts.orm.em.fork().insert(run);
    return run;
  }

  const storedIds = async (ids: string[]) =>
    (await h.stack.scripts.orm.em.fork().find(ScriptRun, { id: { $in: ids } }, { fields: ['id'] })).map((r) => r.id);
  const filesOf = async (id: string) => (await store.list(`runs/${id}/`, 1000)).map((file) => file.key);

  let old: ScriptRun[];
  let kept: ScriptRun[];

  beforeAll(async () => {
    old = [];
    // 3 batches of BATCH and 2 more, of every final status, some with files.
    for (let i = 0; i < 3 * BATCH + 2; i += 1) {
      const status = [
        ScriptRunStatus.SUCCEEDED,
        ScriptRunStatus.FAILED,
        ScriptRunStatus.TIMED_OUT,
        ScriptRunStatus.KILLED,
      ][i % 4]!;
      old.push(await seed(status, RETENTION_DAYS + 1 + i, i % 3));
    }
    kept = [
      await seed(ScriptRunStatus.SUCCEEDED, RETENTION_DAYS - 1, 2),
      await seed(ScriptRunStatus.FAILED, 0, 1),
      // Queued and running runs have no end yet, however old they are.
      await seed(ScriptRunStatus.RUNNING, null),
      await seed(ScriptRunStatus.QUEUED, null),
    ];
    // A running run whose row says it ended long ago (no real run can): still never deleted.
    kept.push(await seed(ScriptRunStatus.RUNNING, RETENTION_DAYS * 10, 1));
    for (const run of [...kept.slice(2, 4)]) {
      await h.stack.scripts.orm.em.fork().nativeUpdate(ScriptRun, { id: run.id }, { createdAt: new Date(0) });
    }
  });

  it('deletes finished runs that ended before the retention, with their files, in batches', async () => {
    const oldFiles = (await Promise.all(old.map((run) => filesOf(run.id)))).flat();
    expect(oldFiles.length).toBeGreaterThan(BATCH);
    const keptFiles = Object.fromEntries(await Promise.all(kept.map(async (run) => [run.id, await filesOf(run.id)])));
    const sweeper = retention();
    const info = vi.spyOn(logger, 'info');
    const execute = vi.spyOn(h.stack.scripts.orm.em.getConnection(), 'execute');

    expect(await sweeper.sweep()).toEqual({ runs: old.length, files: oldFiles.length });

    expect(await storedIds(old.map((run) => run.id))).toEqual([]);
    for (const run of old) expect(await filesOf(run.id), run.id).toEqual([]);
    expect((await storedIds(kept.map((run) => run.id))).sort()).toEqual(kept.map((run) => run.id).sort());
    for (const run of kept) expect(await filesOf(run.id), run.id).toEqual(keptFiles[run.id]);
    // 11 old runs in batches of 3: four selections find some, and the last, short, ends the sweep.
    expect(execute.mock.calls.filter(([sql]) => /^select "id" from "script_runs"/.test(String(sql)))).toHaveLength(4);
    expect(info).toHaveBeenCalledWith(
      { runs: old.length, files: oldFiles.length, retentionDays: RETENTION_DAYS },
      expect.stringContaining('deleted finished runs'),
    );
    execute.mockRestore();
    info.mockRestore();

    // Nothing more to do: a second sweep deletes nothing and says nothing.
    expect(await retention().sweep()).toEqual({ runs: 0, files: 0 });
  });

  it('deletes a real run and the output file it stored once it is old, through start and stop', async () => {
    const script = await h.newScript(WRITER, 'writer');
    const run = await h.run(script.logicalPath);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.outputFiles.map((file: { key: string }) => file.key)).toEqual([`runs/${run.id}/out/report.txt`]);
    expect(await h.fileExists(`runs/${run.id}/out/report.txt`)).toBe(true);

    // Not old yet: a sweep at start leaves it.
    let sweeper = retention(500);
    sweeper.start();
    await sweeper.stop();
    expect(await storedIds([run.id])).toEqual([run.id]);

    const ended = new Date(Date.now() - (RETENTION_DAYS + 1) * DAY_MS);
    await h.stack.scripts.orm.em.fork().nativeUpdate(ScriptRun, { id: run.id }, { finishedAt: ended });
    sweeper = retention(500);
    sweeper.start();
    await sweeper.stop();
    expect(await storedIds([run.id])).toEqual([]);
    expect(await h.fileExists(`runs/${run.id}/out/report.txt`)).toBe(false);
    const read = await h.runs('ScriptRun', { id: run.id });
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('does nothing when runs are kept for ever', async () => {
    const ancient = await seed(ScriptRunStatus.SUCCEEDED, 10_000, 1);
    const forever = new RunRetention(h.stack.scripts.orm, store, { retentionDays: 0 }, logger);
    forever.start();
    await forever.stop();
    expect(await storedIds([ancient.id])).toEqual([ancient.id]);
    expect(await filesOf(ancient.id)).toHaveLength(1);
  });
});
