import { z } from 'zod';
import { setting } from '@etl/kit';

/**
 * How the scripts subgraph takes runs. Scripts run in runners (`@etl/runner`), whose settings
 * (limits, sandbox, concurrency) are theirs; these are only what the API decides.
 */
export const runSettings = {
  SCRIPT_INPUT_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe('Largest `input`, in bytes of JSON (`PAYLOAD_TOO_LARGE` above)'),
  SCRIPT_QUEUE_SIZE: z.coerce
    .number({ invalid_type_error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'expected 0 or more')
    .default(100)
    .describe(
      'Runs one user may have waiting in the shared run queue; one more is `RATE_LIMITED` with `retryAfterSeconds`',
    ),
  SCRIPT_RUN_RETENTION_DAYS: z.coerce
    .number({ invalid_type_error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'expected 0 or more')
    .default(0)
    .describe(
      'Days a finished run and the output files it stored are kept after it ended; an hourly sweep deletes older ones. `0` keeps runs for ever',
    ),
  SCRIPT_RUN_WAIT_SECONDS: setting
    .positiveInt(50)
    .describe(
      "How long `runScript` waits for its run's end; past it, it answers the run still RUNNING (or QUEUED), which goes on and can be polled. Keep it below the gateway's SUBGRAPH_TIMEOUT_MS",
    ),
  SCRIPT_RUN_RECHECK_MS: setting
    .positiveInt(2000)
    .describe(
      "How often `runScript` reads its run's row while it waits, in case the runner's end notification was missed (a dropped LISTEN connection)",
    ),
};
