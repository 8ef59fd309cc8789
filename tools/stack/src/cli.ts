import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { composeSupergraph, writeComposition } from './compose.js';
import { runBootstrap } from './bootstrap-command.js';
import { writeConfigurationDocs } from './configuration-docs.js';
import { startLocalStack } from './local-stack.js';

const USAGE = `Usage: pnpm etl <command>

Commands:
  start       Start the whole stack: PostgreSQL (embedded unless *_DATABASE_URL are set),
              migrations and bootstrap, every subgraph and the gateway.
  bootstrap   Migrate the users database and create the built-in roles; with
              --admin-login/--admin-password (or ETL_ADMIN_*), also a superuser. No server needed.
  compose     Compose the subgraphs' schemas into schema/supergraph.graphql (and schema/*.graphql).
  docs:config Render docs/configuration.md from the settings definitions.
`;

async function main(): Promise<number | 'running'> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'admin-login': { type: 'string' },
      'admin-password': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  switch (values.help ? 'help' : positionals[0]) {
    case 'compose': {
      const written = await writeComposition(await composeSupergraph());
      console.log(written.length ? `Wrote ${written.join(', ')}` : 'The composed schemas are up to date');
      return 0;
    }
    case 'docs:config':
      console.log(`Wrote ${await writeConfigurationDocs()}`);
      return 0;
    case 'bootstrap':
      return runBootstrap({ login: values['admin-login'], password: values['admin-password'] });
    case 'start':
      await startLocalStack();
      return 'running';
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => {
    // The stack keeps running until Ctrl-C; every other command is done.
    if (code !== 'running') process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
