import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiSchema, operationErrors, operationsDir } from '@etl/testkit';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const api = apiSchema();
const documents = readdirSync(operationsDir)
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(operationsDir, file), 'utf8') }));

/** The root fields an operation selects, through fragments spread at its root. */
function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(document, selection.selectionSet);
    const fragment = document.definitions.find(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
    );
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFields(document, fragment.selectionSet) : [];
  });
}

describe('the client operation documents (schema/operations/)', () => {
  it('are the five the test kit sends', () => {
    expect(documents.map((d) => d.file)).toEqual([
      'files.graphql',
      'logs.graphql',
      'runs.graphql',
      'scripts.graphql',
      'users.graphql',
    ]);
  });

  it.each(documents)('$file validates against schema/api.graphql', ({ file, text }) => {
    expect(operationErrors(text, api).map((error) => `${file} ${error}`)).toEqual([]);
  });

  it('name every operation, each name once across the documents', () => {
    const filesByOperation = new Map<string, string[]>();
    const anonymous: string[] = [];
    for (const { file, text } of documents) {
      for (const definition of parse(text).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        if (!definition.name) anonymous.push(`${file} line ${definition.loc?.startToken.line}`);
        else
          filesByOperation.set(definition.name.value, [...(filesByOperation.get(definition.name.value) ?? []), file]);
      }
    }
    const repeated = [...filesByOperation]
      .filter(([, where]) => where.length > 1)
      .map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(repeated).toEqual([]);
    expect(anonymous).toEqual([]);
    expect(new Set([...filesByOperation.values()].flat()), 'documents with operations').toEqual(
      new Set(documents.map((d) => d.file)),
    );
  });

  it('use every query and mutation of the API', () => {
    const used = new Set<string>();
    for (const { text } of documents) {
      const document = parse(text);
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        for (const field of rootFields(document, definition.selectionSet)) used.add(`${definition.operation}.${field}`);
      }
    }
    const unused = (['query', 'mutation'] as const).flatMap((operation) => {
      const root = operation === 'query' ? api.getQueryType() : api.getMutationType();
      return Object.keys(root?.getFields() ?? {})
        .filter((field) => !used.has(`${operation}.${field}`))
        .map((field) => `${root!.name}.${field}`);
    });
    expect(unused, 'add an operation for each to schema/operations/').toEqual([]);
  });
});
