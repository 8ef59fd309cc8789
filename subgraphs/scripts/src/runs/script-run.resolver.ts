import { assertUuid, JSONScalar, NotFoundError, requireCaller, type DatabaseRequestContext } from '@etl/kit';
import { mayReadRun, readsEveryRun, runAccessErrors } from './run-access.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Script } from '../scripts/script.entity.js';
import { scriptById } from '../scripts/script.loaders.js';
import { User, userReference } from '../users/user.type.js';
import { checkPageSize, DEFAULT_RUNS, MAX_RUNS, pageOfRuns } from './run-history.js';
import type { RunService } from './run.service.js';
import { RunRequestArgs } from './run-request.args.js';
import { ScriptRun } from './script-run.entity.js';
import { runDetailsById, scriptRunById, type RunDetails } from './script-run.loaders.js';
import { ScriptRunConnection, ScriptRunFilter } from './script-run-page.type.js';

/** A run's large columns: on the root when it was just made, else loaded in one batch. */
async function detail<K extends keyof RunDetails>(
  run: Readonly<ScriptRun>,
  field: K,
  ctx: DatabaseRequestContext,
): Promise<RunDetails[K]> {
  if (run[field] !== undefined) return run[field];
  const details = await ctx.loaders.of(runDetailsById).load(run.id);
  return details![field];
}

@Resolver(() => ScriptRun)
export class ScriptRunResolver {
  constructor(private readonly runs: RunService) {}

  @Authorized('scripts:execute')
  @Mutation(() => ScriptRun, {
    description:
      'Runs `main(data)` of the script at `path` in its sandbox and returns the finished run, whatever the ' +
      'script did; a run still going after SCRIPT_RUN_WAIT_SECONDS is answered as it is then (RUNNING or ' +
      'QUEUED) and goes on: poll `scriptRun(id)`. Needs `scripts:execute` (and `files:read` to pass files). ' +
      'RATE_LIMITED when the caller already has SCRIPT_QUEUE_SIZE runs waiting in the queue.',
  })
  runScript(
    @Args(() => RunRequestArgs) request: RunRequestArgs,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRun> {
    return this.runs.run(ctx.em as EntityManager, requireCaller(ctx), request, ctx);
  }

  @Authorized('scripts:execute')
  @Mutation(() => ScriptRun, {
    description:
      'Starts a run of `main(data)` of the script at `path` and answers at once with the stored run, ' +
      'QUEUED on the queue that runners take runs from; follow it with `scriptRun(id)` (status, output so far, ' +
      'then the result) and stop it with `cancelScriptRun`. Needs `scripts:execute` (and `files:read` to pass ' +
      'files). RATE_LIMITED when the caller already has SCRIPT_QUEUE_SIZE runs waiting.',
  })
  async startScriptRun(
    @Args(() => RunRequestArgs) request: RunRequestArgs,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRun> {
    return this.runs.start(ctx.em as EntityManager, requireCaller(ctx), request, ctx);
  }

  @Authorized()
  @Mutation(() => ScriptRun, {
    description:
      'Cancels a queued or running run: a queued one ends CANCELLED without running, a running one is killed ' +
      "(its whole sandbox) and ends CANCELLED. Allowed to the run's starter and to holders of `scripts:admin`. " +
      'Answers the run once it has ended (or, after a few seconds, as it is, with `cancelRequestedAt` set); ' +
      'CONFLICT when it had already ended.',
  })
  cancelScriptRun(
    @Arg('id', () => ID, { description: "The run's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRun> {
    return this.runs.cancel(ctx.em as EntityManager, requireCaller(ctx), id, ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Deletes a run's record and the output files it stored (`runs/<id>/`). Allowed to the run's starter and to " +
      'holders of `scripts:admin`; CONFLICT while the run is QUEUED or RUNNING (cancel it first).',
  })
  deleteScriptRun(
    @Arg('id', () => ID, { description: "The run's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<boolean> {
    return this.runs.delete(ctx.em as EntityManager, requireCaller(ctx), id, ctx);
  }

  @Authorized('scripts:read')
  @Query(() => ScriptRun, {
    description:
      "A run by id. Needs `scripts:read`, and to be the run's starter or to hold `scripts:admin` or `runs:read` " +
      '(FORBIDDEN otherwise).',
  })
  async scriptRun(
    @Arg('id', () => ID, { description: "The run's id." }) id: string,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRun> {
    const run = await ctx.loaders.of(scriptRunById).load(assertUuid(id));
    if (!run) throw NotFoundError.entity('ScriptRun', id);
    if (!mayReadRun(requireCaller(ctx), run)) throw runAccessErrors.notReadable();
    return run;
  }

  @Authorized('scripts:read')
  @Query(() => [ScriptRun], {
    description:
      "A script's runs, newest first: the caller's own, or every run with `scripts:admin` or `runs:read`. Needs " +
      '`scripts:read`.',
  })
  async scriptRuns(
    @Arg('scriptId', () => ID, { description: "The script's id." }) scriptId: string,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many runs (1–${MAX_RUNS}); ${DEFAULT_RUNS} when absent.`,
    })
    first: number | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRun[]> {
    const limit = checkPageSize(first);
    assertUuid(scriptId, 'scriptId');
    const caller = requireCaller(ctx);
    const where = readsEveryRun(caller) ? { scriptId } : { scriptId, startedById: caller.id };
    const runs = await ctx.em.find(ScriptRun, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
    // Runs outlive their script; an id that names neither is a mistake worth saying so.
    if (!runs.length && !(await ctx.loaders.of(scriptById).load(scriptId))) {
      throw NotFoundError.entity('Script', scriptId);
    }
    return runs;
  }

  @Authorized('scripts:read')
  @Query(() => ScriptRunConnection, {
    name: 'runs',
    description:
      "Runs of every script, newest first, a page at a time, narrowed by `filter`: the caller's own, or every " +
      'run with `scripts:admin` or `runs:read`. Needs `scripts:read`.',
  })
  allRuns(
    @Arg('filter', () => ScriptRunFilter, { nullable: true, description: 'Which runs; all of them when absent.' })
    filter: ScriptRunFilter | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `Page size, 1–${MAX_RUNS} (default ${DEFAULT_RUNS}).`,
    })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<ScriptRunConnection> {
    const caller = requireCaller(ctx);
    const startedById = readsEveryRun(caller) ? undefined : caller.id;
    return pageOfRuns(ctx.em as EntityManager, { filter, first, after, ...(startedById ? { startedById } : {}) });
  }

  @FieldResolver(() => JSONScalar, { description: 'The `input` given to `main`.' })
  input(@Root() run: Readonly<ScriptRun>, @Ctx() ctx: DatabaseRequestContext): Promise<Record<string, unknown>> {
    return detail(run, 'input', ctx);
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'The dict `main` returned (`{}` for None); null unless SUCCEEDED.',
  })
  result(
    @Root() run: Readonly<ScriptRun>,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<Record<string, unknown> | null> {
    return detail(run, 'result', ctx);
  }

  @FieldResolver(() => String, {
    description: 'What the script printed to standard output (capped at SCRIPT_OUTPUT_BYTES, marked when cut).',
  })
  stdout(@Root() run: Readonly<ScriptRun>, @Ctx() ctx: DatabaseRequestContext): Promise<string> {
    return detail(run, 'stdout', ctx);
  }

  @FieldResolver(() => String, {
    description: 'What the script wrote to standard error, tracebacks included (capped like stdout).',
  })
  stderr(@Root() run: Readonly<ScriptRun>, @Ctx() ctx: DatabaseRequestContext): Promise<string> {
    return detail(run, 'stderr', ctx);
  }

  @FieldResolver(() => Script, { nullable: true, description: 'The script that ran; null if it has been deleted.' })
  script(@Root() run: Readonly<ScriptRun>, @Ctx() ctx: DatabaseRequestContext): Promise<Script | null> {
    return ctx.loaders.of(scriptById).load(run.scriptId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'The user who started the run; null if that account no longer exists.',
  })
  startedBy(@Root() run: Readonly<ScriptRun>): User {
    return userReference(run.startedById);
  }
}
