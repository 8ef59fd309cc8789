import { writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { z } from 'zod';
import { gatewaySettings } from '@etl/gateway';
import { databaseProvisionSettings, databaseSettings, serverSettings, tokenVerificationSettings } from '@etl/kit';
import { logsSettings } from '@etl/logs';
import { runnerSettings } from '@etl/runner';
import { fileSettings, scriptsSettings } from '@etl/scripts';
import { testSettings } from '@etl/testkit';
import { usersSettings } from '@etl/users';
import { repoRoot } from './paths.js';
import { stackSettings } from './stack-settings.js';

type SettingsShape = Record<string, z.ZodTypeAny>;

interface Section {
  title: string;
  intro: string;
  shape: SettingsShape;
}

export const configurationDocsPath = join(repoRoot, 'docs', 'configuration.md');

/** Shapes every service of a kind spreads into its own; their settings get one table of their own. */
const sharedShapes: SettingsShape[] = [serverSettings, tokenVerificationSettings, databaseSettings];

/** A service's own settings: those it defines itself, or redefines (the users subgraph's JWKS). */
function ownSettings(shape: SettingsShape): SettingsShape {
  return Object.fromEntries(
    Object.entries(shape).filter(([name, schema]) => !sharedShapes.some((shared) => shared[name] === schema)),
  );
}

const sections: Section[] = [
  {
    title: 'Every service',
    intro: 'The gateway and every subgraph. Each also has a `PORT`, in its own table.',
    shape: serverSettings,
  },
  { title: 'Token verification', intro: 'The users, scripts and logs subgraphs.', shape: tokenVerificationSettings },
  { title: 'Database', intro: 'The users and scripts subgraphs, each with its own database.', shape: databaseSettings },
  {
    title: 'Database provisioning',
    intro:
      'The deploy step `provision-database` of the users and scripts CLIs (`subgraphs/kit/src/db/`); the scripts ' +
      "CLI also reads `DATABASE_RUNNER_URL`, the runner's role. See [Security](security.md#databases).",
    shape: databaseProvisionSettings,
  },
  { title: 'Gateway', intro: '`gateway/src/config.ts`.', shape: ownSettings(gatewaySettings) },
  { title: 'Users subgraph', intro: '`subgraphs/users/src/config.ts`.', shape: ownSettings(usersSettings) },
  {
    title: 'Scripts subgraph',
    intro:
      '`subgraphs/scripts/src/config.ts`, with what it decides of runs (`src/runs/run-settings.ts`) and the file store ' +
      '(`src/files/file-settings.ts`).',
    shape: ownSettings(scriptsSettings),
  },
  {
    title: 'Runner',
    intro:
      '`runner/src/runner-config.ts`, with the limits and sandbox of runs (`runner/src/run-limits.ts`); it also reads ' +
      "the file store's settings, as in the scripts subgraph's table.",
    shape: Object.fromEntries(Object.entries(runnerSettings).filter(([name]) => !(name in fileSettings))),
  },
  { title: 'Logs subgraph', intro: '`subgraphs/logs/src/config.ts`.', shape: ownSettings(logsSettings) },
  {
    title: 'Local stack',
    intro:
      '`npm start` and `pnpm etl …` (`tools/stack/src/stack-settings.ts`). Each service receives only its own ' +
      'settings from the environment (an allow-list, see [Security](security.md#secrets)), secrets as `*_FILE`; ' +
      'unless set, the stack also gives them `HOST=127.0.0.1`, a signing key, a link-signing secret and the ' +
      'gateway secret made once under `ETL_DATA_DIR/keys/`, database roles with passwords under ' +
      '`ETL_DATA_DIR/secrets/`, `FILES_DIR=ETL_DATA_DIR/files`, `SCRIPT_PROTECTED_PATHS=ETL_DATA_DIR`, and ' +
      '`LOGS_ROOT=ETL_DATA_DIR/logs/pods` with `LOGS_NAMESPACES=etl`. `ETL_ADMIN_PASSWORD` reaches only its ' +
      'bootstrap step.',
    shape: stackSettings,
  },
  { title: 'Tests', intro: 'The test kit (`tools/testkit/src/test-settings.ts`).', shape: testSettings },
];

const code = (text: string) => `\`${text}\``;

/** The default as the service sees it: what the definition makes of an unset variable. */
export function defaultText(schema: z.ZodTypeAny): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return 'required';
  const value: unknown = parsed.data;
  if (value === undefined) return 'unset';
  if (Array.isArray(value)) return value.length ? code(value.join(',')) : 'none';
  // A path the code resolves from its own location (the supergraph) reads the same on every machine.
  if (typeof value === 'string' && isAbsolute(value) && value.startsWith(repoRoot)) {
    return code(relative(repoRoot, value));
  }
  return code(String(value));
}

function table(section: Section): string {
  const rows = Object.entries(section.shape).map(([name, schema]) => {
    if (!schema.description) throw new Error(`${name} has no description: add .describe('…') to its definition`);
    const cells = [code(name), defaultText(schema), schema.description];
    return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  });
  return ['| Variable | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

/** docs/configuration.md as the definitions say it is, formatted as the repository formats Markdown. */
export async function renderConfigurationDocs(): Promise<string> {
  const markdown = [
    '<!-- Generated by `pnpm docs:config` from the settings definitions (their `.describe()` texts and defaults). Edit those, not this file. -->',
    '',
    '# Configuration',
    '',
    'Every service reads environment variables only, validated at start: a bad value stops the service with a ' +
      'message naming each bad variable. Empty values count as unset. Any variable `X` may instead be given as ' +
      '`X_FILE=/path`, whose content becomes the value (mounted secrets: `JWT_PRIVATE_KEY_FILE`, ' +
      '`JWT_PUBLIC_KEYS_FILE`, `DATABASE_URL_FILE`).',
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', section.intro, '', table(section), '']),
  ].join('\n');
  const options = await resolveConfig(configurationDocsPath);
  return format(markdown, { ...options, filepath: configurationDocsPath });
}

/** `pnpm docs:config`: rewrites docs/configuration.md and returns its path in the repository. */
export async function writeConfigurationDocs(): Promise<string> {
  const rendered = await renderConfigurationDocs();
  writeFileSync(configurationDocsPath, rendered);
  return relative(repoRoot, configurationDocsPath);
}
