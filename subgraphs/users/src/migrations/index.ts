import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122012836 } from './Migration20261122012836_initial.js';

/** The users database's migrations, oldest first. New ones are appended here. */
export const usersMigrations: MigrationObject[] = [
  { name: 'Migration20261122012836_initial', class: Migration20261122012836 },
];
