import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { StoredFile } from '../files/stored-file.type.js';
import { ScriptRunError } from './script-run-error.type.js';
import { ScriptRunStatus } from './script-run-status.js';

/**
 * One run of a script, kept after it ends. `scriptId` is no foreign key: a run stays readable
 * (with the path it ran under) after its script is deleted. The large columns (input, result,
 * output) are lazy: lists of runs never read them, a field resolver loads them when asked for.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One run of a script: what went in, what came out, and how it ended.' })
@Entity({ tableName: 'script_runs' })
@Index({ properties: ['scriptId', 'createdAt'] })
// For the queue checks of a new run (run-queue.ts) and the reaper of runs whose runner died
// (the runner's lost-run-reaper.ts).
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['status', 'heartbeatAt'] })
// For the list of all runs, newest first (run-history.ts), and the runs of one user.
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['startedById', 'createdAt'] })
// For the retention sweep, which deletes by age (run-retention.ts).
@Index({ properties: ['finishedAt'] })
export class ScriptRun extends BaseEntity {
  /** The script that ran (it may have been deleted since). */
  @Property({ type: 'uuid' })
  scriptId: string;

  @Field(() => String, { description: 'The logical path the script had when it ran.' })
  @Property({ type: 'text' })
  logicalPath: string;

  @Field(() => Int, { description: 'The version of the script that ran.' })
  @Property({ type: 'integer' })
  version: number;

  /** Who started it (a user of the users subgraph). */
  @Property({ type: 'uuid' })
  startedById: string;

  @Field(() => ScriptRunStatus, { description: 'Where the run is: queued, running, or how it ended.' })
  @Enum({ items: () => ScriptRunStatus })
  status: ScriptRunStatus;

  /** The `input` given to `main`. */
  @Property({ type: 'json', lazy: true })
  input: Record<string, unknown>;

  @Field(() => [String], { description: 'Keys of the stored files placed in the run folder as `in/<name>`.' })
  @Property({ type: 'json' })
  inputFiles: string[];

  /** What `main` returned; null unless the run succeeded. */
  @Property({ type: 'json', lazy: true, nullable: true })
  result: Record<string, unknown> | null = null;

  @Field(() => ScriptRunError, { nullable: true, description: 'Why the run did not succeed; null when it did.' })
  @Property({ type: 'json', nullable: true })
  error: ScriptRunError | null = null;

  @Field(() => Int, {
    nullable: true,
    description: "The interpreter's exit code; null while running or after a signal.",
  })
  @Property({ type: 'integer', nullable: true })
  exitCode: number | null = null;

  /** Captured standard output and error, capped at SCRIPT_OUTPUT_BYTES each. */
  @Property({ type: 'text', lazy: true })
  stdout = '';

  @Property({ type: 'text', lazy: true })
  stderr = '';

  @Field(() => Date, { nullable: true, description: 'When the interpreter started; null while queued.' })
  @Property({ type: 'datetime', nullable: true })
  startedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the run ended; null while queued or running.' })
  @Property({ type: 'datetime', nullable: true })
  finishedAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds from start to end; null until the run ends.' })
  @Property({ type: 'integer', nullable: true })
  durationMs: number | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'When `cancelScriptRun` asked for the run to stop; null unless it was cancelled.',
  })
  @Property({ type: 'datetime', nullable: true })
  cancelRequestedAt: Date | null = null;

  /**
   * The queue worker (a runner's graphile-worker id) that holds the run while it is RUNNING; null
   * otherwise. A runner found dead has its jobs unlocked by this id.
   */
  @Property({ type: 'text', nullable: true })
  runnerId: string | null = null;

  /** Written every few hundred ms by the runner that runs it; a stale one means that runner died. */
  @Property({ type: 'datetime', nullable: true })
  heartbeatAt: Date | null = null;

  @Field(() => Int, {
    description: 'How many times a runner started the run: more than 1 when a runner died and it was retried.',
  })
  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Field(() => [StoredFile], { description: 'Files the script left under `out/`, stored under `runs/<id>/out/`.' })
  @Property({ type: 'json' })
  outputFiles: StoredFile[] = [];

  constructor(fields: {
    scriptId: string;
    logicalPath: string;
    version: number;
    startedById: string;
    status: ScriptRunStatus;
    input: Record<string, unknown>;
    inputFiles: string[];
  }) {
    super();
    this.scriptId = fields.scriptId;
    this.logicalPath = fields.logicalPath;
    this.version = fields.version;
    this.startedById = fields.startedById;
    this.status = fields.status;
    this.input = fields.input;
    this.inputFiles = fields.inputFiles;
  }
}
