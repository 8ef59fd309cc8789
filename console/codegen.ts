import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the client-facing schema: every `graphql(`…`)` document in src/ becomes a
// TypedDocumentNode, so a query's variables and result are checked against the API by tsc.
const config: CodegenConfig = {
  schema: '../schema/api.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string', SafeInt: 'number' },
      },
    },
  },
};

export default config;
