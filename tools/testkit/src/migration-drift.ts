import type { MigrationObject } from '@mikro-orm/core';
import { createLogger, openDatabase } from '@etl/kit';
import { createTestDatabase } from './test-database.js';

/**
 * The SQL that would still be needed after a subgraph's migrations ran on a fresh database to
 * reach the schema its entities describe: empty when they agree (a changed entity needs a
 * migration).
 */
export async function schemaDriftAfterMigrations(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[],
  migrations: MigrationObject[],
): Promise<string> {
  const database = await createTestDatabase();
  const orm = await openDatabase({
    url: database.url,
    poolMax: 2,
    entities,
    migrations,
    migrate: true,
    logger: createLogger('test', 'silent'),
  });
  try {
    return (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
  } finally {
    await orm.close();
    await database.drop();
  }
}
