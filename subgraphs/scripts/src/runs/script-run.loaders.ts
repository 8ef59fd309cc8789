import { byKeys, defineEntityByIdLoader, defineLoader, isUuid, type DatabaseRequestContext } from '@etl/kit';
import { ScriptRun } from './script-run.entity.js';

/** Runs by id in one statement (`scriptRun`, federation references), without the large columns. */
export const scriptRunById = defineEntityByIdLoader('scriptRunById', ScriptRun);

/** The large columns a run keeps lazy. */
export type RunDetails = Pick<ScriptRun, 'input' | 'result' | 'stdout' | 'stderr'>;

/** The input, result and output of many runs in one statement, read only when a document asks. */
export const runDetailsById = defineLoader<string, RunDetails | null, DatabaseRequestContext>(
  'runDetailsById',
  async (ids, { em }) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await em.find(
          ScriptRun,
          { id: { $in: valid } },
          { fields: ['id', 'input', 'result', 'stdout', 'stderr'], populate: ['input', 'result', 'stdout', 'stderr'] },
        )
      : [];
    return byKeys(ids, rows, (row) => row.id);
  },
);
