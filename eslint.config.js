// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'coverage/**', 'console/src/gql/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Test helpers talk to GraphQL responses as loosely typed JSON.
    files: ['**/test/**/*.ts', 'tools/testkit/src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Tool configuration files and vitest's global setup must export a default.
    files: [
      'eslint.config.js',
      'vitest.config.ts',
      'tools/testkit/src/global-setup.ts',
      'tools/testkit/test/exit-status/vitest.fixture.config.ts',
      'console/vite.config.ts',
      'console/vitest.config.ts',
      'console/codegen.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
