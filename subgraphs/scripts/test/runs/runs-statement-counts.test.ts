import { SqlStatementCounter } from '@etl/kit';
import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * The SQL statements runs cost on the scripts database, counted through the gateway: a run that
 * does not wait costs the same few statements however many runs the script already has, and a
 * list of runs is one statement that leaves the large columns (stdout, stderr, input, result)
 * unread until a document asks for them. The counter sees every round trip, BEGIN and COMMIT
 * included; `statements` are the rest, `roundTrips` all of them.
 */

const TRANSACTION_CONTROL = /^(begin|commit|rollback)\b/i;

const RUNS = 20;

/** A run selecting only columns of the run row itself. */
const RUN_SCRIPT_SMALL = `mutation RunSmall($path: String!) { runScript(path: $path) { id status durationMs } }`;
const RUNS_WITH_STDOUT = `query RunsWithStdout($scriptId: ID!, $first: Int) {
  scriptRuns(scriptId: $scriptId, first: $first) { id status durationMs startedAt stdout }
}`;

const RUNS_PAGE_WITH_STDOUT = `query RunsPageWithStdout($filter: ScriptRunFilter, $first: Int) {
  runs(filter: $filter, first: $first) { edges { node { id status stdout } } pageInfo { endCursor } }
}`;

describe('SQL statements of runs', () => {
  const h = useRunsStack();
  let counter: SqlStatementCounter;
  let script: ScriptRef;

  beforeAll(async () => {
    counter = new SqlStatementCounter(h.stack.scripts.orm);
    script = await h.newScript('def main(data):\n    print("out " * 10)\n    return {"ok": True}\n', 'counted');
  });
  afterAll(() => counter?.stop());

  /** The statements one request sent (its answer must be free of errors). */
  async function counted(send: () => Promise<{ errors?: unknown; text: string; data?: any }>) {
    counter.reset();
    const response = await send();
    expect(errorCodes(response as never), response.text).toEqual([]);
    const roundTrips = [...counter.statements];
    return { statements: roundTrips.filter((sql) => !TRANSACTION_CONTROL.test(sql)), roundTrips, data: response.data };
  }

  const runSmall = () =>
    counted(() => h.stack.request(RUN_SCRIPT_SMALL, { token: h.admin, variables: { path: script.logicalPath } }));

  it('runs a script in 6 statements: script by path, queued count, insert, job and audit event in one transaction, the end read back', async () => {
    const firstRun = await runSmall();
    expect(firstRun.data.runScript.status).toBe('SUCCEEDED');
    expect(firstRun.statements, firstRun.statements.join('\n')).toHaveLength(6);
    const [byPath, queued, insert, job, audit, end] = firstRun.statements.map((sql) => sql.toLowerCase());
    expect(byPath).toMatch(/^select .* from "scripts"/);
    expect(queued).toMatch(/^select count\(\*\) .* from "script_runs" .*"status" = 'queued'/);
    expect(insert).toMatch(/^insert into "script_runs"/);
    expect(job).toMatch(/^select 1 from graphile_worker\.add_job\('run-script'/);
    expect(audit).toMatch(/^insert into "audit_events"/);
    // The runner wrote the end (on its own connection); its notification woke this request.
    expect(end).toMatch(/^select .* from "script_runs" .* where "s0"."id" = /);

    // The run, its job and its audit event are stored together or not at all: one transaction.
    expect(firstRun.roundTrips.map((sql) => /^\w+/.exec(sql.toLowerCase())![0])).toEqual([
      'select',
      'select',
      'begin',
      'insert',
      'select',
      'insert',
      'commit',
      'select',
    ]);

    // Fixed: the same after the script has many runs.
    for (let i = 0; i < RUNS; i += 1) await runSmall();
    const later = await runSmall();
    expect(later.statements).toHaveLength(firstRun.statements.length);
    expect(later.roundTrips).toHaveLength(firstRun.roundTrips.length);
  });

  it('runs RunScript of runs.graphql with one statement more: the script the run names', async () => {
    const run = await counted(() => h.runs('RunScript', { path: script.logicalPath }));
    expect(run.data.runScript).toMatchObject({ status: 'SUCCEEDED', stdout: `${'out '.repeat(10)}\n` });
    // stdout, stderr, result come with the run read back at its end; only `script { id logicalPath }` reads more.
    expect(run.statements, run.statements.join('\n')).toHaveLength(7);
    expect(run.statements[5]).toMatch(/^select "s0"\.\* from "script_runs"/);
    expect(run.statements[6]).toMatch(/^select .* from "scripts" .* where "s0"."id" in/);
  });

  it(`lists ${RUNS} runs in one statement that does not read stdout, and stdout in one more`, async () => {
    const list = await counted(() => h.runs('ScriptRuns', { scriptId: script.id, first: RUNS }));
    expect(list.data.scriptRuns).toHaveLength(RUNS);
    expect(list.roundTrips, list.roundTrips.join('\n')).toHaveLength(1);
    for (const column of ['stdout', 'stderr', 'input', 'result']) {
      expect(list.statements[0]).not.toContain(`"${column}"`);
    }

    const withStdout = await counted(() =>
      h.stack.request(RUNS_WITH_STDOUT, { token: h.admin, variables: { scriptId: script.id, first: RUNS } }),
    );
    expect(withStdout.data.scriptRuns).toHaveLength(RUNS);
    expect(withStdout.data.scriptRuns.every((r: { stdout: string }) => r.stdout === `${'out '.repeat(10)}\n`)).toBe(
      true,
    );
    expect(withStdout.roundTrips, withStdout.roundTrips.join('\n')).toHaveLength(2);
    expect(withStdout.statements[0]).toBe(list.statements[0]);
    expect(withStdout.statements[1]).toContain('"stdout"');
  });

  it('pages through all runs in one statement whatever the filters, and stdout in one more', async () => {
    const filters: Array<Record<string, unknown>> = [
      {},
      { scriptId: script.id },
      { pathPrefix: script.logicalPath.split('/')[0] },
      { statuses: ['SUCCEEDED', 'FAILED'] },
      { startedBy: (await h.stack.operation('users', 'Me', { token: h.admin })).data!.me.id },
      { createdAfter: '2000-01-01T00:00:00Z', createdBefore: '2999-01-01T00:00:00Z' },
      {
        scriptId: script.id,
        pathPrefix: `${script.logicalPath}/`,
        statuses: ['SUCCEEDED'],
        createdAfter: '2000-01-01T00:00:00Z',
      },
    ];
    for (const filter of filters) {
      const shown = JSON.stringify(filter);
      const first = await counted(() => h.runs('Runs', { filter, first: 5 }));
      expect(first.data.runs.edges, shown).toHaveLength(5);
      expect(first.roundTrips, `${shown}\n${first.roundTrips.join('\n')}`).toHaveLength(1);
      for (const column of ['stdout', 'stderr', 'input', 'result']) {
        expect(first.statements[0], shown).not.toContain(`"${column}"`);
      }
      const next = await counted(() => h.runs('Runs', { filter, first: 5, after: first.data.runs.pageInfo.endCursor }));
      expect(next.data.runs.edges, shown).toHaveLength(5);
      expect(next.roundTrips, `${shown}\n${next.roundTrips.join('\n')}`).toHaveLength(1);
    }

    const withStdout = await counted(() =>
      h.stack.request(RUNS_PAGE_WITH_STDOUT, {
        token: h.admin,
        variables: { filter: { scriptId: script.id }, first: 5 },
      }),
    );
    expect(withStdout.data.runs.edges).toHaveLength(5);
    for (const edge of withStdout.data.runs.edges) expect(edge.node.stdout).toBe(`${'out '.repeat(10)}\n`);
    expect(withStdout.roundTrips, withStdout.roundTrips.join('\n')).toHaveLength(2);
    expect(withStdout.statements[0]).not.toContain('"stdout"');
    expect(withStdout.statements[1]).toContain('"stdout"');
  });

  it('reads one run, with its output and its script, in three statements', async () => {
    const [latest] = await h.runsOf(script.id, 1);
    const read = await counted(() => h.runs('ScriptRun', { id: latest!.id }));
    expect(read.data.scriptRun.stdout).toBe(`${'out '.repeat(10)}\n`);
    // The run, its large columns, and the script it names.
    expect(read.roundTrips, read.roundTrips.join('\n')).toHaveLength(3);
  });
});
