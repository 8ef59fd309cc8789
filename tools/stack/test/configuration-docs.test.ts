import { readFileSync } from 'node:fs';
import { gatewaySettings } from '@etl/gateway';
import { databaseProvisionSettings, setting } from '@etl/kit';
import { logsSettings } from '@etl/logs';
import { runnerSettings } from '@etl/runner';
import { scriptsSettings } from '@etl/scripts';
import { testSettings } from '@etl/testkit';
import { usersSettings } from '@etl/users';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configurationDocsPath, defaultText, renderConfigurationDocs } from '../src/configuration-docs.js';
import { stackSettings } from '../src/stack-settings.js';

const committed = readFileSync(configurationDocsPath, 'utf8');

describe('docs/configuration.md', () => {
  it('is what the settings definitions render (run `pnpm build && pnpm docs:config` after changing one)', async () => {
    expect(committed).toBe(await renderConfigurationDocs());
  });

  it.each([
    ['users subgraph', usersSettings],
    ['scripts subgraph', scriptsSettings],
    ['runner', runnerSettings],
    ['logs subgraph', logsSettings],
    ['gateway', gatewaySettings],
    ['local stack', stackSettings],
    ['tests', testSettings],
  ])('has a row for every setting of the %s', (_name, shape) => {
    const missing = Object.keys(shape).filter((name) => !committed.includes(`| \`${name}\` `));
    expect(missing).toEqual([]);
  });

  it('describes settings that exist only', () => {
    const documented = [...committed.matchAll(/^\| `([A-Z0-9_]+)` /gm)].map((match) => match[1]);
    const defined = new Set(
      [
        usersSettings,
        scriptsSettings,
        runnerSettings,
        logsSettings,
        gatewaySettings,
        stackSettings,
        testSettings,
        databaseProvisionSettings,
      ].flatMap((shape) => Object.keys(shape)),
    );
    expect(documented.length).toBeGreaterThan(60);
    expect(documented.filter((name) => !defined.has(name))).toEqual([]);
  });
});

describe('a setting default as documented', () => {
  it('is what an unset variable becomes', () => {
    expect(defaultText(setting.positiveInt(30))).toBe('`30`');
    expect(defaultText(setting.boolean(false))).toBe('`false`');
    expect(defaultText(z.string().default('/var/log/pods'))).toBe('`/var/log/pods`');
    expect(defaultText(setting.list().transform((items) => (items.length ? items : ['etl'])))).toBe('`etl`');
  });

  it('says none, unset or required when there is no value', () => {
    expect(defaultText(setting.list())).toBe('none');
    expect(defaultText(setting.url().optional())).toBe('unset');
    expect(defaultText(setting.postgresUrl())).toBe('required');
  });

  it('names a path inside the repository from the repository root, whatever the machine', () => {
    expect(defaultText(gatewaySettings.SUPERGRAPH_PATH)).toBe('`schema/supergraph.graphql`');
  });
});
