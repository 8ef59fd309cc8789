import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RunErrorCode } from './runner/run-outcome.js';

registerEnumType(RunErrorCode, {
  name: 'ScriptRunErrorCode',
  description: 'Why a run did not succeed.',
  valuesConfig: {
    SCRIPT_ERROR: { description: '`main`, or the module while loading, raised an exception.' },
    BAD_RESULT: { description: '`main` returned something other than a JSON-serialisable dict or None.' },
    RESULT_TOO_LARGE: { description: 'The result was larger than SCRIPT_RESULT_BYTES.' },
    EXITED: { description: 'The interpreter exited (`sys.exit`, `os._exit`) before `main` returned.' },
    TIMEOUT: { description: 'The wall-clock limit passed.' },
    MEMORY_LIMIT: { description: 'The memory cap (SCRIPT_MEMORY_MB) was reached.' },
    CPU_LIMIT: { description: 'The CPU-time cap was reached.' },
    OUTPUT_LIMIT: { description: 'The script wrote more than SCRIPT_OUTPUT_BYTES to stdout or stderr.' },
    SIGNALLED: { description: 'A signal the runner did not send ended the interpreter.' },
    INPUT_FILES: { description: 'A file given in `files` could not be placed in the run folder.' },
    OUTPUT_FILES: { description: 'Files left under `out/` could not be stored.' },
    INTERRUPTED: { description: 'The service instance stopped while the run was queued or running.' },
  },
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
