import type { Logger as ServiceLogger } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Logger as QueueLogger, runMigrations, type LogLevel } from 'graphile-worker';

/**
 * Runs are jobs of graphile-worker, a job queue in PostgreSQL: the scripts subgraph adds a job in
 * the transaction that stores the run (so a run is never stored without its job, nor the other
 * way round), and runners take jobs with `FOR UPDATE SKIP LOCKED`, woken by its LISTEN/NOTIFY.
 * Its schema lives in the scripts database, beside the run rows.
 */
export const RUN_QUEUE_SCHEMA = 'graphile_worker';

/** The task every run job names; a runner serves it. */
export const RUN_TASK = 'run-script';

/** What a run's job carries: only the run's id; everything else is read from its row. */
export interface RunJobPayload {
  runId: string;
}

/** Where a runner announces a run's end, with the run's id; `runScript` waits on it. */
export const RUN_ENDED_CHANNEL = 'script_run_ended';

/**
 * Attempts of one job: the task itself ends every run it claims, so a job is retried only when
 * the database failed under it (a runner that dies is handled by the reaper, not by retries).
 */
const JOB_ATTEMPTS = 5;

/** graphile-worker stores priorities as smallint. */
const MAX_PRIORITY = 32_767;

/**
 * Adds the run's job, keyed by the run's id, on the entity manager's transaction. `priority` is
 * how many runs its starter already has waiting: lower runs first, so one user's hundred queued
 * runs take turns with another user's single one instead of going all before it.
 */
export async function enqueueRun(em: EntityManager, runId: string, priority: number): Promise<void> {
  await em.execute(
    'select 1 from graphile_worker.add_job(?, json_build_object(?, cast(? as text)), null, null, ?, ?, ?)',
    [RUN_TASK, 'runId', runId, JOB_ATTEMPTS, runId, Math.min(priority, MAX_PRIORITY)],
  );
}

/**
 * Queues a run again after its runner died, on the entity manager's transaction (the reaper's,
 * which puts the run back to QUEUED). The dead runner's job is deleted first, locked or not:
 * add_job would keep a locked job and retire it instead (its key cleared, its attempts spent), and
 * once the dead worker's jobs are unlocked it would stay in the queue's table as a permanently
 * failed job for ever. A retried run goes first (priority 0): it has waited its turn already.
 */
export async function requeueRun(em: EntityManager, runId: string): Promise<void> {
  await em.execute(`delete from ${RUN_QUEUE_SCHEMA}._private_jobs where key = ?`, [runId]);
  await enqueueRun(em, runId, 0);
}

/** Removes a queued run's job (a job already taken is kept from running again instead). */
export async function dequeueRun(em: EntityManager, runId: string): Promise<void> {
  await em.execute('select 1 from graphile_worker.remove_job(?)', [runId]);
}

/**
 * Creates or updates graphile-worker's schema in the scripts database and opens its tables to
 * the roles granted them: at the scripts subgraph's start (MIGRATE_ON_START) and in `scripts
 * migrate` (and so before `scripts grant-runner`), as the database's owner. Runners only use it.
 */
export async function installRunQueue(url: string, em: EntityManager, logger: ServiceLogger): Promise<void> {
  await runMigrations({ connectionString: url, schema: RUN_QUEUE_SCHEMA, logger: queueLogger(logger) });
  await openRunQueueToGrantedRoles(em);
}

/** The policy that lets roles granted the queue's tables through graphile-worker's row security. */
const GRANTED_ROLES_POLICY = 'etl_granted_roles';

/**
 * graphile-worker turns on row-level security on its private tables with no policy, so only
 * their owner (the migrations' role) passes. The service's and the runner's roles are not the
 * owner: one policy open to every role lets them through, and the table grants (default
 * privileges for the service, `grant-runner` for runners) stay what decides who reaches the
 * queue at all, so `grant-runner` adds no policy of its own. Idempotent.
 */
async function openRunQueueToGrantedRoles(em: EntityManager): Promise<void> {
  const tables = await em.execute<Array<{ name: string }>>(
    `select c.relname as name from pg_class c
     where c.relnamespace = '${RUN_QUEUE_SCHEMA}'::regnamespace and c.relkind = 'r' and c.relrowsecurity
       and not exists (select from pg_policy p where p.polrelid = c.oid and p.polname = ?)`,
    [GRANTED_ROLES_POLICY],
  );
  for (const { name } of tables) {
    await em.execute(
      `create policy ${GRANTED_ROLES_POLICY} on ${RUN_QUEUE_SCHEMA}."${name.replaceAll('"', '""')}" for all to public using (true) with check (true)`,
    );
  }
}

/** graphile-worker's log lines, in the service's JSON log. */
export function queueLogger(logger: ServiceLogger): QueueLogger {
  const methods: Record<string, 'error' | 'warn' | 'info'> = { error: 'error', warning: 'warn', info: 'info' };
  return new QueueLogger(() => (level: LogLevel, message, meta) => {
    const name: string = level;
    logger[methods[name] ?? 'debug']({ queue: meta }, message);
  });
}
