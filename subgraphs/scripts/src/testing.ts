import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestSubgraphDefinition } from '@etl/testkit';
import { readScriptsConfig } from './config.js';
import { startScriptsSubgraph, type RunningScriptsSubgraph } from './scripts-subgraph.js';

/**
 * The scripts subgraph of a test stack or benchmark (`@etl/scripts/testing`), in this process:
 * its own throwaway database and, unless `env` names one, its own file folder, removed when it
 * stops; `env` overrides settings (production mode, the file store). No runner: runs stay queued.
 */
export const scriptsSubgraph = (env: Record<string, string> = {}): TestSubgraphDefinition<RunningScriptsSubgraph> => ({
  name: 'scripts',
  async start({ env: shared, createDatabase }) {
    const ownFilesDir = env.FILES_DIR === undefined ? await mkdtemp(join(tmpdir(), 'etl-scripts-files-')) : undefined;
    const removeFilesDir = async () => {
      if (ownFilesDir) await rm(ownFilesDir, { recursive: true, force: true });
    };
    try {
      const subgraph = await startScriptsSubgraph(
        readScriptsConfig({
          ...shared,
          DATABASE_URL: await createDatabase(),
          FILE_URL_SECRET: 'test-file-url-secret-of-32-characters!',
          ...(ownFilesDir ? { FILES_DIR: ownFilesDir } : {}),
          ...env,
        }),
      );
      subgraph.service.onStop(removeFilesDir);
      return subgraph;
    } catch (error) {
      await removeFilesDir();
      throw error;
    }
  },
});
