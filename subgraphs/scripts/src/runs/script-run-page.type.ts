import { PageInfo } from '@etl/kit';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ScriptRunStatus } from './script-run-status.js';
import { ScriptRun } from './script-run.entity.js';

@InputType({ description: 'Which runs to list; every field given narrows the list, omitted ones do not.' })
export class ScriptRunFilter {
  @Field(() => ID, { nullable: true, description: 'Runs of this script (it may have been deleted since).' })
  scriptId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Runs whose logical path is this path or lies under it, by whole segments: `geology` matches ' +
      '`geology/analysis.py` and `geology/maps/x.py`, not `geology2/x.py`. A trailing `/` is ignored.',
  })
  pathPrefix?: string | null;

  @Field(() => [ScriptRunStatus], { nullable: true, description: 'Runs in any of these statuses.' })
  statuses?: ScriptRunStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Runs started by this user.' })
  startedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'Runs created at or after this instant.' })
  createdAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Runs created before this instant (not at it).' })
  createdBefore?: Date | null;
}

@ObjectType({ description: 'One run in a page of runs.' })
export class ScriptRunEdge {
  @Field(() => String, { description: 'Pass as `after` to get the runs following this one.' })
  cursor!: string;

  @Field(() => ScriptRun, { description: 'The run.' })
  node!: ScriptRun;
}

/**
 * A page of runs. No total count, unlike users: runs grow without bound, and counting every
 * match would cost a second statement that reads far more than the page.
 */
@ObjectType({ description: 'A page of runs, newest first.' })
export class ScriptRunConnection {
  @Field(() => [ScriptRunEdge], { description: 'The runs of this page.' })
  edges!: ScriptRunEdge[];

  @Field(() => PageInfo, { description: 'Paging position.' })
  pageInfo!: PageInfo;
}
