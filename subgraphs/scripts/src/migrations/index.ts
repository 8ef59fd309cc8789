import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122030908 } from './Migration20261122030908_initial.js';
import { Migration20261122052110_script_runs } from './Migration20261122052110_script_runs.js';
import { Migration20261206070000_run_history } from './Migration20261206070000_run_history.js';
import { Migration20261206071000_run_cancellation } from './Migration20261206071000_run_cancellation.js';
import { Migration20261206180000_run_queue } from './Migration20261206180000_run_queue.js';
import { Migration20261206220000_audit_events } from './Migration20261206220000_audit_events.js';

/** The scripts database's migrations, oldest first. New ones are appended here. */
export const scriptsMigrations: MigrationObject[] = [
  { name: 'Migration20261122030908_initial', class: Migration20261122030908 },
  { name: 'Migration20261122052110_script_runs', class: Migration20261122052110_script_runs },
  { name: 'Migration20261206070000_run_history', class: Migration20261206070000_run_history },
  { name: 'Migration20261206071000_run_cancellation', class: Migration20261206071000_run_cancellation },
  { name: 'Migration20261206180000_run_queue', class: Migration20261206180000_run_queue },
  { name: 'Migration20261206220000_audit_events', class: Migration20261206220000_audit_events },
];
