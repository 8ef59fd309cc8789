import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaDir } from '@etl/testkit';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/compose.js';
import { repoRoot } from '../src/paths.js';

const apiSchema = buildSchema(readFileSync(join(schemaDir, 'api.graphql'), 'utf8'));

describe('schema/', () => {
  it('holds exactly what a fresh composition produces (run `pnpm compose` after changing a subgraph)', async () => {
    const { files } = await composeSupergraph();
    expect(Object.keys(files)).toContain('k8s/base/gateway/supergraph.sdl');
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(repoRoot, name), 'utf8'), `${name} is stale`).toBe(content);
    }
  });

  it('describes every type, field, argument and enum value of the API', () => {
    const missing: string[] = [];
    for (const type of Object.values(apiSchema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!['Query', 'Mutation'].includes(type.name) && !type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ('getValues' in type) {
        for (const value of (type as GraphQLEnumType).getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
