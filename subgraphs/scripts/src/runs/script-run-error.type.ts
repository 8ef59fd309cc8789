import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RUN_ERROR_CODE_DESCRIPTIONS, RunErrorCode } from './run-outcome.js';

registerEnumType(RunErrorCode, {
  name: 'ScriptRunErrorCode',
  description: 'Why a run did not succeed.',
  valuesConfig: Object.fromEntries(
    Object.entries(RUN_ERROR_CODE_DESCRIPTIONS).map(([code, description]) => [code, { description }]),
  ),
});

/** Why a run did not succeed, as stored with the run. */
@ObjectType({ description: 'Why a run did not succeed.' })
export class ScriptRunError {
  @Field(() => RunErrorCode, { description: 'The kind of failure.' })
  code!: RunErrorCode;

  @Field(() => String, {
    description: "What happened; for SCRIPT_ERROR the traceback's last line, such as `KeyError: 'name'`.",
  })
  message!: string;
}
