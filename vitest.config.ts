import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// graphql ships CommonJS (`.js`) and ESM (`.mjs`) twins without an `exports` map; Node loads the
// `.js` files, vite would pick the `.mjs` ones, and two copies of graphql break every
// `instanceof` check. Point vite at the files Node uses.
const graphqlEntry = createRequire(`${process.cwd()}/tools/testkit/package.json`).resolve('graphql');
const graphqlDir = dirname(graphqlEntry);

// Tests run the TypeScript sources through SWC, which (unlike esbuild) emits the decorator
// metadata type-graphql and MikroORM read. Workspace packages resolve to their sources through
// the `source` export condition, so no build is needed before a test run.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  resolve: {
    conditions: ['source', 'node', 'development|production'],
    alias: [
      { find: /^graphql$/, replacement: graphqlEntry },
      { find: /^graphql\/(.*?)(\.m?js)?$/, replacement: `${graphqlDir}/$1.js` },
    ],
  },
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'services',
          include: ['{gateway,runner,subgraphs/*,tools/*}/{src,test}/**/*.test.ts', 'console/test/**/*.test.ts'],
        },
      },
      'console/vitest.config.ts',
    ],
    globalSetup: ['tools/testkit/src/global-setup.ts'],
    setupFiles: ['tools/testkit/src/setup-file.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
