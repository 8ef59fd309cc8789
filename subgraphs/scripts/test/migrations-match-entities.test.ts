import { createLogger, openDatabase } from '@etl/kit';
import { createTestDatabase } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { scriptsEntities } from '../src/entities.js';
import { scriptsMigrations } from '../src/migrations/index.js';

describe('scripts migrations', () => {
  it('build exactly the schema the entities describe (a changed entity needs a migration)', async () => {
    const database = await createTestDatabase();
    const orm = await openDatabase({
      url: database.url,
      poolMax: 2,
      entities: scriptsEntities,
      migrations: scriptsMigrations,
      migrate: true,
      logger: createLogger('test', 'silent'),
    });
    try {
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close();
      await database.drop();
    }
  });
});
