import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122012836 } from './Migration20261122012836_initial.js';
import { Migration20261206190000 } from './Migration20261206190000_login_backoff.js';
import { Migration20261206200000 } from './Migration20261206200000_api_tokens.js';
import { Migration20261206201000 } from './Migration20261206201000_token_revocations.js';
import { Migration20261206210000 } from './Migration20261206210000_account_lifecycle.js';
import { Migration20261206220000 } from './Migration20261206220000_account_status.js';
import { Migration20261206230000 } from './Migration20261206230000_audit_events.js';

/** The users database's migrations, oldest first. New ones are appended here. */
export const usersMigrations: MigrationObject[] = [
  { name: 'Migration20261122012836_initial', class: Migration20261122012836 },
  { name: 'Migration20261206190000_login_backoff', class: Migration20261206190000 },
  { name: 'Migration20261206200000_api_tokens', class: Migration20261206200000 },
  { name: 'Migration20261206201000_token_revocations', class: Migration20261206201000 },
  { name: 'Migration20261206210000_account_lifecycle', class: Migration20261206210000 },
  { name: 'Migration20261206220000_account_status', class: Migration20261206220000 },
  { name: 'Migration20261206230000_audit_events', class: Migration20261206230000 },
];
