import { randomUUID } from 'node:crypto';
import { errorCodes, type GraphQLResponse } from '@etl/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScriptRunStatus } from '../../src/runs/script-run-status.js';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { each, expectError, type Cases } from '../support/bad-input-fixtures.js';
import { must, useRunsStack } from '../support/runs-fixtures.js';

/**
 * The list of all runs (`runs`) through the real gateway: each filter alone and together, every
 * page followed with `after` against the same list computed here (no duplicate, no gap, runs
 * sharing created_at included), and bad input refused naming its field. The runs are stored
 * directly (dates, users and statuses a real run cannot choose); one real run shows a run made
 * by runScript is listed too.
 */

interface Seeded {
  id: string;
  scriptId: string;
  logicalPath: string;
  startedById: string;
  status: ScriptRunStatus;
  createdAt: Date;
}

/** More than the largest page, so that `first: 100` fills one. */
const SEEDED = 121;
const STATUSES = Object.values(ScriptRunStatus);
const T0 = Date.parse('2021-03-01T00:00:00Z');
/** Runs made in the same millisecond come in threes: the cursor must tell them apart by id. */
const createdAt = (i: number) => new Date(T0 + Math.floor(i / 3) * 1000);

/** Newest first, ties broken by id as PostgreSQL orders uuids (as lowercase hex). */
const newestFirst = (a: Seeded, b: Seeded) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('runs: the list of all runs', () => {
  const h = useRunsStack();
  const seeded: Seeded[] = [];
  let paths: { top: string; nested: string; sibling: string };
  const scriptIds = [randomUUID(), randomUUID(), randomUUID()];
  const users = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    const folder = h.folder.path;
    // `sibling` shares the folder's name as a string prefix, not as a segment.
    paths = { top: `${folder}/a.py`, nested: `${folder}/sub/b.py`, sibling: `${folder}x/c.py` };
    const pathOf = [paths.top, paths.nested, paths.sibling];
    const em = h.stack.scripts.orm.em.fork();
    for (let i = 0; i < SEEDED; i += 1) {
      const run = new ScriptRun({
        scriptId: scriptIds[i % 3]!,
        logicalPath: pathOf[i % 3]!,
        version: 1,
        startedById: users[i % 2]!,
        status: STATUSES[i % STATUSES.length]!,
        input: {},
        inputFiles: [],
      });
      run.createdAt = createdAt(i);
      em.persist(run);
      seeded.push({ ...run, createdAt: run.createdAt });
    }
    await em.flush();
    seeded.sort(newestFirst);
  });

  /** Every page of `filter`, `first` at a time: the ids in order, each page checked on the way. */
  async function allPages(filter: Record<string, unknown>, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 200; pages += 1) {
      const page = must(await h.runs('Runs', { filter, first, after }), 'runs');
      expect(page.edges.length).toBeLessThanOrEqual(first);
      ids.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) return ids;
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 200 pages');
  }

  const expected = (keep: (run: Seeded) => boolean) => seeded.filter(keep).map((run) => run.id);

  it('pages through every seeded run without duplicates or gaps, whatever the page size', async () => {
    const within = { createdBefore: '2022-01-01T00:00:00Z' };
    for (const first of [1, 7, 20, 100]) {
      const ids = await allPages(within, first);
      expect(new Set(ids).size, `first ${first}`).toBe(ids.length);
      expect(ids, `first ${first}`).toEqual(expected(() => true));
    }
  });

  it('narrows by each filter alone', async () => {
    const cases: Array<[string, Record<string, unknown>, (run: Seeded) => boolean]> = [
      ['scriptId', { scriptId: scriptIds[1] }, (run) => run.scriptId === scriptIds[1]],
      ['startedBy', { startedBy: users[0] }, (run) => run.startedById === users[0]],
      ['one status', { statuses: ['FAILED'] }, (run) => run.status === 'FAILED'],
      [
        'two statuses',
        { statuses: ['KILLED', 'QUEUED', 'KILLED'] },
        (run) => run.status === 'KILLED' || run.status === 'QUEUED',
      ],
      [
        'createdAfter (inclusive)',
        { createdAfter: createdAt(30).toISOString() },
        (run) => run.createdAt >= createdAt(30),
      ],
      [
        'createdBefore (exclusive)',
        { createdBefore: createdAt(30).toISOString() },
        (run) => run.createdAt < createdAt(30),
      ],
      ['a folder', { pathPrefix: h.folder.path }, (run) => run.logicalPath !== paths.sibling],
      ['a folder with /', { pathPrefix: `${h.folder.path}/` }, (run) => run.logicalPath !== paths.sibling],
      ['a sub-folder', { pathPrefix: `${h.folder.path}/sub` }, (run) => run.logicalPath === paths.nested],
      ['a script path', { pathPrefix: paths.top }, (run) => run.logicalPath === paths.top],
      ['the sibling folder', { pathPrefix: `${h.folder.path}x` }, (run) => run.logicalPath === paths.sibling],
    ];
    for (const [label, filter, keep] of cases) {
      const want = expected(keep);
      expect(want.length, label).toBeGreaterThan(0);
      expect(await allPages({ createdBefore: '2022-01-01T00:00:00Z', ...filter }, 7), label).toEqual(want);
    }
  });

  it('matches no run for a filter that names none', async () => {
    for (const filter of [
      { scriptId: randomUUID() },
      { startedBy: randomUUID() },
      { pathPrefix: `${h.folder.path}/a` },
      { pathPrefix: `${h.folder.path}/s%` },
      { createdBefore: '2000-01-01T00:00:00Z' },
    ]) {
      const page = must(await h.runs('Runs', { filter }), 'runs');
      expect(page, JSON.stringify(filter)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });

  it('narrows by every filter together', async () => {
    const from = createdAt(6);
    const to = createdAt(50);
    const filter = {
      pathPrefix: h.folder.path,
      startedBy: users[1],
      statuses: ['SUCCEEDED', 'FAILED', 'RUNNING'],
      createdAfter: from.toISOString(),
      createdBefore: to.toISOString(),
    };
    const keep = (run: Seeded) =>
      run.logicalPath !== paths.sibling &&
      run.startedById === users[1] &&
      ['SUCCEEDED', 'FAILED', 'RUNNING'].includes(run.status) &&
      run.createdAt >= from &&
      run.createdAt < to;
    const want = expected(keep);
    expect(want.length).toBeGreaterThan(2);
    expect(await allPages(filter, 2)).toEqual(want);
    expect(await allPages({ ...filter, scriptId: scriptIds[0] }, 2)).toEqual(
      expected((run) => keep(run) && run.scriptId === scriptIds[0]),
    );
  });

  it('lists a run made by runScript first, and later pages do not shift when runs are added', async () => {
    const page = must(await h.runs('Runs', { first: 10 }), 'runs');
    expect(page.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
      seeded.slice(0, 10).map((r) => r.id),
    );
    const script = await h.newScript('def main(data):\n    return {}\n', 'listed');
    const run = await h.run(script.logicalPath);
    const next = must(await h.runs('Runs', { first: 10, after: page.pageInfo.endCursor }), 'runs');
    expect(next.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
      seeded.slice(10, 20).map((r) => r.id),
    );
    const newest = must(await h.runs('Runs', { first: 1 }), 'runs');
    expect(newest.edges[0].node).toMatchObject({ id: run.id, status: 'SUCCEEDED', logicalPath: script.logicalPath });
    expect(newest.pageInfo.hasNextPage).toBe(true);
  });

  describe('bad input', () => {
    const runs = (variables: Record<string, unknown>) => h.runs('Runs', variables);
    const refused = <T>(cases: Cases<T>, send: (value: T) => Promise<GraphQLResponse>, field?: string) =>
      each(cases, send, (response, label) => expectError(response, 'BAD_USER_INPUT', label, field));

    it('refuses first outside 1–100 on first, and takes 1 and 100', async () => {
      await refused(
        [
          ['0', 0],
          ['-1', -1],
          ['101', 101],
        ],
        (first) => runs({ first }),
        'first',
      );
      for (const first of [1, 100]) {
        const response = await runs({ first });
        expect(errorCodes(response), response.text).toEqual([]);
        expect(response.data!.runs.edges).toHaveLength(first);
      }
    });

    it('refuses a cursor it did not make on after', async () => {
      const [a, b] = [seeded[0]!, seeded[1]!];
      const encode = (text: string) => Buffer.from(text).toString('base64url');
      const good = must(await runs({ first: 1 }), 'runs').pageInfo.endCursor as string;
      const cases: Cases<string> = [
        ['garbage', 'not a cursor'],
        ['empty', ''],
        ['base64 of text', encode('hello')],
        ['a users cursor', encode('login:admin')],
        ['a bad instant', encode(`run:yesterday|${a.id}`)],
        ['a bad id', encode(`run:${a.createdAt.toISOString()}|${a.id.slice(1)}`)],
        ['no id', encode(`run:${a.createdAt.toISOString()}|`)],
        ['not canonical (padded)', `${good}=`],
        ['standard base64', Buffer.from(`run:${b.createdAt.toISOString()}|${b.id}`).toString('base64') + '+/'],
      ];
      await refused(cases, (after) => runs({ after }), 'after');
    });

    it('refuses malformed ids on their field', async () => {
      await refused(
        [
          ['scriptId', 'nope'],
          ['scriptId (number)', '42'],
        ],
        (scriptId) => runs({ filter: { scriptId } }),
        'scriptId',
      );
      await refused(
        [
          ['startedBy', 'nope'],
          ['startedBy (uuid-ish)', `${users[0]}0`],
        ],
        (startedBy) => runs({ filter: { startedBy } }),
        'startedBy',
      );
    });

    it('refuses statuses that are not statuses, or none', async () => {
      await refused(
        [
          ['unknown', ['DONE']],
          ['lowercase', ['failed']],
          ['null item', [null]],
        ],
        (statuses) => runs({ filter: { statuses } }),
      );
      await refused([['empty list', []]], (statuses) => runs({ filter: { statuses } }), 'statuses');
    });

    it('refuses a path prefix that names nothing, and bad instants', async () => {
      await refused(
        [
          ['empty', ''],
          ['a slash', '/'],
          ['a control character', 'geo\u0001'],
          ['too long', 'a'.repeat(3000)],
        ],
        (pathPrefix) => runs({ filter: { pathPrefix } }),
        'pathPrefix',
      );
      await refused(
        [
          ['no zone', '2021-03-01T00:00:00'],
          ['words', 'yesterday'],
        ],
        (createdAfter) => runs({ filter: { createdAfter } }),
      );
      await refused(
        [
          ['reversed', ['2021-03-02T00:00:00Z', '2021-03-01T00:00:00Z']],
          ['empty', ['2021-03-01T00:00:00Z', '2021-03-01T00:00:00Z']],
        ],
        ([createdAfter, createdBefore]) => runs({ filter: { createdAfter, createdBefore } }),
        'createdBefore',
      );
    });
  });
});
