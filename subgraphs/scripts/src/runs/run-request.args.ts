import { JSONScalar } from '@etl/kit';
import { ArgsType, Field, Int } from 'type-graphql';

/** What to run: the arguments `runScript` and `startScriptRun` share. */
@ArgsType()
export class RunRequestArgs {
  @Field(() => String, { description: 'Logical path of the script, such as `geology/analysis.py`.' })
  path!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'A JSON object given to `main`; `{}` when absent.' })
  input?: unknown;

  @Field(() => [String], {
    nullable: true,
    description: 'Keys of stored files to place in the run folder as `in/<name>` before `main` starts.',
  })
  files?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version to run; the released version when absent (the newest if never released).',
  })
  version?: number | null;
}
