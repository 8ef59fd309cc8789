import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The few set-based statements on a folder's whole subtree (in `em`'s transaction, if any), each one statement whatever the
 * subtree's size. A subtree is its folder's path and every path starting with it plus `/`
 * (`starts_with` takes the prefix literally, unlike LIKE with `%` or `_` in names).
 */
export function subtreeStatements(em: EntityManager, path: string) {
  const below = `${path}/`;
  return {
    /** Whether anything in the subtree belongs to someone other than `userId`. */
    async ownedByOthers(userId: string): Promise<boolean> {
      const rows = await em.execute<Array<{ found: boolean }>>(
        `select exists (select 1 from folders where (path = ? or starts_with(path, ?)) and owner_id <> ?)
             or exists (select 1 from scripts where starts_with(logical_path, ?) and owner_id <> ?) as found`,
        [path, below, userId, below, userId],
      );
      return rows[0]!.found;
    },

    /** The ETL bindings of the scripts in the subtree (for datamodule checks). */
    async etlBindings(): Promise<unknown[]> {
      const rows = await em.execute<Array<{ etl: unknown }>>(
        'select etl from scripts where starts_with(logical_path, ?) and etl is not null',
        [below],
      );
      return rows.map((row) => (typeof row.etl === 'string' ? JSON.parse(row.etl) : row.etl));
    },

    /** The longest path in the subtree, in bytes, so a rename can refuse paths that would grow too long. */
    async longestPathBytes(): Promise<number> {
      const rows = await em.execute<Array<{ longest: number | null }>>(
        `select greatest(
           (select max(octet_length(path)) from folders where path = ? or starts_with(path, ?)),
           (select max(octet_length(logical_path)) from scripts where starts_with(logical_path, ?))) as longest`,
        [path, below, below],
      );
      return Number(rows[0]!.longest ?? 0);
    },

    /** Replaces the subtree's prefix with `newPath` in every folder path and script logical path. */
    async rewritePaths(newPath: string): Promise<void> {
      // substr counts characters, as char_length does (JavaScript's length counts UTF-16 units).
      await em.execute(
        'update folders set path = ?::text || substr(path, char_length(?::text) + 1) where path = ? or starts_with(path, ?)',
        [newPath, path, path, below],
      );
      await em.execute(
        'update scripts set logical_path = ?::text || substr(logical_path, char_length(?::text) + 1), updated_at = now() where starts_with(logical_path, ?)',
        [newPath, path, below],
      );
    },
  };
}
