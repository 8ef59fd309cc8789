import { GraphQLScalarType } from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

/**
 * File sizes: GraphQL's `Int` stops at 2^31 − 1 (2 GiB), and files go to MAX_FILE_SIZE (5 GiB by
 * default). A JSON number is exact up to 2^53 − 1, which graphql-scalars' SafeInt checks.
 */
export const SafeIntScalar = new GraphQLScalarType({
  ...GraphQLSafeInt.toConfig(),
  description: 'A whole number from −(2^53 − 1) to 2^53 − 1, exact in JSON: sizes in bytes of files up to petabytes.',
});
