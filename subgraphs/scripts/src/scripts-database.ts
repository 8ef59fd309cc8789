import { openDatabase, type Logger } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import { scriptsEntities } from './entities.js';
import { scriptsMigrations } from './migrations/index.js';
import { installRunQueue } from './runs/queue/run-queue.js';

/**
 * Opens the scripts database as its owner with every migration applied and the run queue's
 * schema installed: the deploy step (`scripts migrate`, `scripts grant-runner`, the local
 * stack's launcher) before services that connect with MIGRATE_ON_START=false.
 */
export async function migrateScriptsDatabase(url: string, logger: Logger): Promise<MikroORM> {
  const orm = await openDatabase({
    url,
    poolMax: 2,
    entities: scriptsEntities,
    migrations: scriptsMigrations,
    migrate: true,
    logger,
  });
  try {
    await installRunQueue(url, orm.em.fork(), logger);
    return orm;
  } catch (error) {
    await orm.close();
    throw error;
  }
}
