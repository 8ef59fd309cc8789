import { schemaDriftAfterMigrations } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { scriptsEntities } from '../src/entities.js';
import { scriptsMigrations } from '../src/migrations/index.js';

describe('scripts migrations', () => {
  it('build exactly the schema the entities describe (a changed entity needs a migration)', async () => {
    expect(await schemaDriftAfterMigrations(scriptsEntities, scriptsMigrations)).toBe('');
  });
});
