import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.js';

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  /** The subgraph's committed migrations, in order; listed explicitly so no file globbing is needed. */
  migrations: MigrationObject[];
  logger: Logger;
}

export function databaseConfig(options: DatabaseOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: options.entities,
    pool: { min: 0, max: options.poolMax },
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Requests work on a fork; a resolver that reaches for the global EntityManager is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // MikroORM's own messages (the migrator's progress) go to the service's JSON log; SQL
    // statements are not logged: they may carry user data.
    debug: false,
    logger: (message) => options.logger.debug({ orm: message }, 'mikro-orm'),
    discovery: { warnWhenNoEntities: true },
  };
}

/** Connects, and applies pending migrations when asked (the default at start). */
export async function openDatabase(options: DatabaseOptions & { migrate: boolean }): Promise<MikroORM> {
  const orm = await MikroORM.init(databaseConfig(options));
  if (options.migrate) {
    const applied = await orm.getMigrator().up();
    if (applied.length) options.logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  }
  return orm;
}
