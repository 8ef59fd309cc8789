import { fileURLToPath } from 'node:url';
import projectConfig from '../../../../vitest.config.js';

/**
 * The project's own vitest configuration (plugins, global setup with its PostgreSQL, setup files),
 * run on the fixtures of this folder only: the exit-status test runs it in a child process.
 */
// A plain object of the root configuration's own type: `defineConfig` from this package's vitest
// would be typed against another copy of vitest's types.
export default {
  ...projectConfig,
  root: fileURLToPath(new URL('../../../../', import.meta.url)),
  test: {
    ...projectConfig.test,
    // The fixtures alone, without the root's projects (services, console).
    projects: undefined,
    include: ['tools/testkit/test/exit-status/fixtures/*.fixture.ts'],
    // The child's report is read by the test; one reporter, no colours.
    reporters: ['default'],
  },
} satisfies typeof projectConfig;
