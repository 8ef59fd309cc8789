import { schemaDriftAfterMigrations } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { usersEntities } from '../src/entities.js';
import { usersMigrations } from '../src/migrations/index.js';

describe('users migrations', () => {
  it('build exactly the schema the entities describe (a changed entity needs a migration)', async () => {
    expect(await schemaDriftAfterMigrations(usersEntities, usersMigrations)).toBe('');
  });
});
