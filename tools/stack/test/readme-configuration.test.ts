import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewaySettings } from '@etl/gateway';
import { logsSettings } from '@etl/logs';
import { scriptsSettings } from '@etl/scripts';
import { usersSettings } from '@etl/users';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe('the README configuration table', () => {
  it.each([
    ['users subgraph', Object.keys(usersSettings)],
    ['scripts subgraph', Object.keys(scriptsSettings)],
    ['logs subgraph', Object.keys(logsSettings)],
    ['gateway', Object.keys(gatewaySettings)],
    [
      'local stack',
      [
        'ETL_DATA_DIR',
        'USERS_DATABASE_URL',
        'SCRIPTS_DATABASE_URL',
        'ETL_POSTGRES_PORT',
        'GATEWAY_PORT',
        'USERS_PORT',
        'SCRIPTS_PORT',
        'LOGS_PORT',
      ],
    ],
  ])('lists every setting of the %s', (_name, keys) => {
    expect(keys.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });
});
