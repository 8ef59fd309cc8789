import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, GraphQLError, Kind, parse, validate, type GraphQLSchema } from 'graphql';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The composed schemas; `api.graphql` is the one clients see. */
export const schemaDir = resolve(repoRoot, 'schema');

/** The operation documents this project's clients send, one per area of the API. */
export const operationsDir = resolve(schemaDir, 'operations');

export type OperationDocument = 'users' | 'scripts' | 'runs' | 'files' | 'logs';

/** An operation document's text, sent whole with an `operationName` so the exact text is tested. */
export function clientOperations(name: OperationDocument): string {
  return readFileSync(resolve(operationsDir, `${name}.graphql`), 'utf8');
}

/** The names of a document's operations (queries and mutations), in document order. */
export function operationNames(name: OperationDocument): string[] {
  return parse(clientOperations(name)).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
}

/** The client-facing API (`schema/api.graphql`), as composed from the subgraphs. */
export function apiSchema(): GraphQLSchema {
  return buildSchema(readFileSync(resolve(schemaDir, 'api.graphql'), 'utf8'));
}

/** Why the API would refuse a GraphQL document, one `line N: message` each; none when it is valid. */
export function operationErrors(document: string, schema: GraphQLSchema = apiSchema()): string[] {
  let errors: readonly GraphQLError[];
  try {
    errors = validate(schema, parse(document));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    errors = [error];
  }
  return errors.map((error) => `line ${error.locations?.[0]?.line ?? '?'}: ${error.message}`);
}
