import { byKeys, defineEntityByIdLoader, defineLoader, isUuid, type DatabaseRequestContext } from '@etl/kit';
import { ScriptVersion } from './script-version.entity.js';
import { Script } from './script.entity.js';

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string | null): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row) ?? '')?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** Scripts by id in one statement: versions' `released` and federation references. */
export const scriptById = defineEntityByIdLoader('scriptById', Script);

/** The scripts of many folders, by name, in one statement. */
export const scriptsByFolderId = defineLoader<string, Script[], DatabaseRequestContext>(
  'scriptsByFolderId',
  async (ids, { em }) => {
    const scripts = await em.find(Script, { folderId: { $in: [...ids] } }, { orderBy: { name: 'asc' } });
    return groupBy(ids, scripts, (script) => script.folderId);
  },
);

/** The scripts many users own (`User.scripts`), by path, in one statement. */
export const scriptsByOwnerId = defineLoader<string, Script[], DatabaseRequestContext>(
  'scriptsByOwnerId',
  async (ids, { em }) => {
    const valid = ids.filter(isUuid);
    const scripts = valid.length
      ? await em.find(Script, { ownerId: { $in: valid } }, { orderBy: { logicalPath: 'asc' } })
      : [];
    return groupBy(ids, scripts, (script) => script.ownerId);
  },
);

/** Every version of many scripts, newest first, in one statement. */
export const versionsByScriptId = defineLoader<string, ScriptVersion[], DatabaseRequestContext>(
  'versionsByScriptId',
  async (ids, { em }) => {
    const versions = await em.find(
      ScriptVersion,
      { scriptId: { $in: [...ids] } },
      { orderBy: { scriptId: 'asc', version: 'desc' } },
    );
    return groupBy(ids, versions, (version) => version.scriptId);
  },
);

/** The content of given versions (`<scriptId>:<version>`), in one statement for all of them. */
export const contentByVersion = defineLoader<string, string | null, DatabaseRequestContext>(
  'contentByVersion',
  async (keys, { em }) => {
    const pairs = keys.map((key) => {
      const [scriptId, version] = key.split(':');
      return [scriptId!, Number(version)] as const;
    });
    // Plain SQL over the (script_id, version) key, with no entity made: only the text is wanted,
    // and building the ORM's `$or` of pairs cost more CPU than the rest of a scriptByPath request.
    const rows: Array<{ script_id: string; version: number; content: string }> = await em
      .getConnection()
      .execute(
        `select script_id, version, content from script_versions where (script_id, version) in (${pairs.map(() => '(?, ?)').join(', ')})`,
        pairs.flat(),
      );
    const found = byKeys(keys, rows, (row) => `${row.script_id}:${row.version}`);
    return found.map((row) => row?.content ?? null);
  },
);

export const versionKey = (script: Pick<Script, 'id' | 'version'>) => `${script.id}:${script.version}`;
