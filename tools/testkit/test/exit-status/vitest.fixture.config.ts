import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projectConfig from '../../../../vitest.config.js';

/**
 * The project's own vitest configuration (plugins, global setup with its PostgreSQL, setup files),
 * run on the fixtures of this folder only: the exit-status test runs it in a child process.
 */
export default defineConfig({
  ...projectConfig,
  root: fileURLToPath(new URL('../../../../', import.meta.url)),
  test: {
    ...projectConfig.test,
    include: ['tools/testkit/test/exit-status/fixtures/*.fixture.ts'],
    // The child's report is read by the test; one reporter, no colours.
    reporters: ['default'],
  },
});
