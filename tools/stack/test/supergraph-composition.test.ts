import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractDocument, schemaDir } from '@etl/testkit';
import { buildSchema, parse, validate, type GraphQLInputObjectType, type GraphQLEnumType } from 'graphql';
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

describe('the contract', () => {
  it.each(['users', 'scripts', 'runs', 'logs'] as const)(
    '%s.graphql validates against the composed API schema',
    (name) => {
      const errors = validate(apiSchema, parse(contractDocument(name)));
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );

  it('types.graphql inputs and enums used by the users, scripts, runs and logs operations exist with their fields', () => {
    const contractTypes = buildSchema(`type Query { _: Boolean }\n${contractDocument('types')}`);
    const inputs = ['RegisterInput', 'CreateRoleInput', 'UpdateRoleInput', 'CreateFolderInput', 'FieldRefInput'];
    inputs.push('FieldRuleInput', 'AnonymizationRuleInput', 'TransformationInput', 'EtlBindingInput');
    inputs.push('CreateScriptInput', 'UpdateScriptInput', 'UpdateScriptEtlInput', 'UploadFileInput');
    for (const name of inputs) {
      const expected = contractTypes.getType(name) as GraphQLInputObjectType;
      const actual = apiSchema.getType(name) as GraphQLInputObjectType | undefined;
      expect(actual, name).toBeDefined();
      for (const field of Object.values(expected.getFields())) {
        expect(String(actual!.getFields()[field.name]?.type), `${name}.${field.name}`).toBe(String(field.type));
      }
    }
    for (const name of [
      'AccessType',
      'EtlStage',
      'FieldType',
      'FieldRuleType',
      'AnonymizationRuleType',
      'TransformationType',
      'ScriptRunStatus',
    ]) {
      const expected = (contractTypes.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);
      const actual = apiSchema.getType(name) as GraphQLEnumType | undefined;
      expect(
        actual?.getValues().map((v) => v.name),
        name,
      ).toEqual(expected);
    }
    for (const scalar of ['DateTime', 'JSON']) expect(apiSchema.getType(scalar), scalar).toBeDefined();
  });
});
