import { describe, expect, it } from 'vitest';
import { HELLO_SCRIPT } from './support/scripts-test-stack.js';
import {
  useAdminScriptsStack,
  each,
  expectError,
  expectSuccess,
  fileName,
  type Cases,
} from './support/bad-input-fixtures.js';
import { uniqueName } from '@etl/testkit';

/**
 * ETL bindings that do not fit, through the real gateway: settings for another stage, values
 * that do not parse or order (STRING ranges by code point), bad task, datamodule and field
 * names, too many fields, and updateScriptEtl changes that do not fit the binding. Each gets
 * BAD_USER_INPUT on its field, the request id and nothing internal, and changes nothing. The
 * admin token is used throughout so that permissions never decide.
 */

describe('scripts subgraph: bad input through the gateway', () => {
  const { send, createFolder, createScript, treeSnapshot } = useAdminScriptsStack();

  describe('ETL settings', () => {
    const base = { taskId: 'task-1', fields: [{ datamoduleId: 'dm-1', fieldName: 'depth' }] };
    const rule = (fieldType: string, type: string, values: Record<string, string> = {}) => ({
      ...base,
      stage: 'FIELD_RULE',
      fieldRule: { fieldType, type, ...values },
    });
    const range = (fieldType: string, minValue: string, maxValue: string) =>
      rule(fieldType, 'IGNORE_OUT_OF_RANGE', { minValue, maxValue });
    const integerRule = { fieldType: 'INTEGER', type: 'IGNORE_EMPTY' };

    it('refuses settings that do not fit the stage, and values that do not parse or order, with BAD_USER_INPUT', async () => {
      const folder = await createFolder(uniqueName('etl'));
      const cases: Cases<[etl: Record<string, unknown>, field: string | undefined]> = [
        ['fieldRule with stage EXTRACTOR', [{ ...base, stage: 'EXTRACTOR', fieldRule: integerRule }, 'etl.fieldRule']],
        ['fieldRule with stage UPLOADER', [{ ...base, stage: 'UPLOADER', fieldRule: integerRule }, 'etl.fieldRule']],
        [
          'transformation with stage EXTRACTOR',
          [{ ...base, stage: 'EXTRACTOR', transformation: { type: 'MERGE' } }, 'etl.transformation'],
        ],
        [
          'anonymizationRule with stage TRANSFORMER',
          [
            {
              ...base,
              stage: 'TRANSFORMER',
              transformation: { type: 'MERGE' },
              anonymizationRule: { type: 'SUPPRESSION' },
            },
            'etl.anonymizationRule',
          ],
        ],
        [
          'fieldRule with stage ANONYMIZATION_RULE',
          [
            {
              ...base,
              stage: 'ANONYMIZATION_RULE',
              anonymizationRule: { type: 'PERMUTATION' },
              fieldRule: integerRule,
            },
            'etl.fieldRule',
          ],
        ],
        ['FIELD_RULE without fieldRule', [{ ...base, stage: 'FIELD_RULE' }, 'etl.fieldRule']],
        ['ANONYMIZATION_RULE without its rule', [{ ...base, stage: 'ANONYMIZATION_RULE' }, 'etl.anonymizationRule']],
        ['TRANSFORMER without transformation', [{ ...base, stage: 'TRANSFORMER' }, 'etl.transformation']],
        ['INTEGER min 10 > max 2', [range('INTEGER', '10', '2'), 'etl.fieldRule.minValue']],
        [
          'INTEGER min > max beyond 2^53',
          [range('INTEGER', '9007199254740993', '9007199254740992'), 'etl.fieldRule.minValue'],
        ],
        ['INTEGER min -1 > max -2', [range('INTEGER', '-1', '-2'), 'etl.fieldRule.minValue']],
        ['DOUBLE min 2.5 > max 1e0', [range('DOUBLE', '2.5', '1e0'), 'etl.fieldRule.minValue']],
        ['DOUBLE min -0.5 > max -1', [range('DOUBLE', '-0.5', '-1'), 'etl.fieldRule.minValue']],
        ['STRING min b > max a', [range('STRING', 'b', 'a'), 'etl.fieldRule.minValue']],
        ['STRING min abc > max ab', [range('STRING', 'abc', 'ab'), 'etl.fieldRule.minValue']],
        ['INTEGER 1.5', [range('INTEGER', '1.5', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER abc', [range('INTEGER', '1', 'abc'), 'etl.fieldRule.maxValue']],
        ['INTEGER empty', [range('INTEGER', '', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER with a space', [range('INTEGER', ' 1', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER 1e3', [range('INTEGER', '1e3', '2000'), 'etl.fieldRule.minValue']],
        ['INTEGER 0x10', [range('INTEGER', '0', '0x10'), 'etl.fieldRule.maxValue']],
        ['INTEGER of 41 digits', [range('INTEGER', '0', '9'.repeat(41)), 'etl.fieldRule.maxValue']],
        ['INTEGER default abc', [rule('INTEGER', 'FILL_EMPTY', { defaultValue: 'abc' }), 'etl.fieldRule.defaultValue']],
        ['DOUBLE 1e400', [range('DOUBLE', '0', '1e400'), 'etl.fieldRule.maxValue']],
        ['DOUBLE -1e400', [range('DOUBLE', '-1e400', '0'), 'etl.fieldRule.minValue']],
        ['DOUBLE NaN', [range('DOUBLE', 'NaN', '1'), 'etl.fieldRule.minValue']],
        ['DOUBLE Infinity', [range('DOUBLE', '0', 'Infinity'), 'etl.fieldRule.maxValue']],
        ['DOUBLE -Infinity', [range('DOUBLE', '-Infinity', '0'), 'etl.fieldRule.minValue']],
        ['DOUBLE with a comma', [range('DOUBLE', '1,5', '2'), 'etl.fieldRule.minValue']],
        ['DOUBLE hexadecimal', [range('DOUBLE', '0x1p3', '9'), 'etl.fieldRule.minValue']],
        ['DOUBLE empty', [range('DOUBLE', '0', ''), 'etl.fieldRule.maxValue']],
        ['DOUBLE default NaN', [rule('DOUBLE', 'FILL_EMPTY', { defaultValue: 'NaN' }), 'etl.fieldRule.defaultValue']],
        ['a value of 4,097 characters', [range('STRING', 'a', 'b'.repeat(4097)), 'etl.fieldRule.maxValue']],
        ['FILL_EMPTY without defaultValue', [rule('INTEGER', 'FILL_EMPTY'), 'etl.fieldRule.defaultValue']],
        [
          'FILL_OUT_OF_RANGE without defaultValue',
          [rule('INTEGER', 'FILL_OUT_OF_RANGE', { minValue: '0', maxValue: '1' }), 'etl.fieldRule.defaultValue'],
        ],
        ['IGNORE_OUT_OF_RANGE without a bound', [rule('INTEGER', 'IGNORE_OUT_OF_RANGE'), 'etl.fieldRule.minValue']],
        ['REMOVE_OUT_OF_RANGE without a bound', [rule('DOUBLE', 'REMOVE_OUT_OF_RANGE'), 'etl.fieldRule.minValue']],
        [
          'FILL_OUT_OF_RANGE without a bound',
          [rule('STRING', 'FILL_OUT_OF_RANGE', { defaultValue: 'x' }), 'etl.fieldRule.minValue'],
        ],
        [
          'FILL_OUT_OF_RANGE default above max',
          [
            rule('INTEGER', 'FILL_OUT_OF_RANGE', { minValue: '0', maxValue: '10', defaultValue: '11' }),
            'etl.fieldRule.defaultValue',
          ],
        ],
        [
          'FILL_OUT_OF_RANGE default below min',
          [
            rule('DOUBLE', 'FILL_OUT_OF_RANGE', { minValue: '0.5', defaultValue: '0.25' }),
            'etl.fieldRule.defaultValue',
          ],
        ],
        [
          'FILL_OUT_OF_RANGE STRING default outside',
          [rule('STRING', 'FILL_OUT_OF_RANGE', { minValue: 'b', defaultValue: 'a' }), 'etl.fieldRule.defaultValue'],
        ],
        ['taskId "bad id!"', [{ ...base, taskId: 'bad id!', stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId of 200 characters', [{ ...base, taskId: 't'.repeat(200), stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId empty', [{ ...base, taskId: '', stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId with a traversal', [{ ...base, taskId: '../task', stage: 'EXTRACTOR' }, 'etl.taskId']],
        [
          'datamoduleId "bad id!"',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'bad id!', fieldName: 'f' }] },
            'etl.fields[0].datamoduleId',
          ],
        ],
        [
          'datamoduleId of 200 characters',
          [
            {
              taskId: 'task-1',
              stage: 'EXTRACTOR',
              fields: [
                { datamoduleId: 'dm-1', fieldName: 'f' },
                { datamoduleId: 'd'.repeat(200), fieldName: 'f' },
              ],
            },
            'etl.fields[1].datamoduleId',
          ],
        ],
        [
          'fieldName with a slash',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: 'a/b' }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          'fieldName empty',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: '' }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          'fieldName of 256 characters',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: 'f'.repeat(256) }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          '501 fields',
          [
            {
              taskId: 'task-1',
              stage: 'EXTRACTOR',
              fields: Array.from({ length: 501 }, (_, i) => ({ datamoduleId: 'dm-1', fieldName: `f${i}` })),
            },
            'etl.fields',
          ],
        ],
        [
          'a transformation script of 65,537 characters',
          [
            { ...base, stage: 'TRANSFORMER', transformation: { type: 'UPDATE', script: 'x'.repeat(65_537) } },
            'etl.transformation',
          ],
        ],
        ['an unknown stage', [{ ...base, stage: 'LOADER' }, undefined]],
        ['an unknown field type', [rule('BOOLEAN', 'IGNORE_EMPTY'), undefined]],
      ];
      const before = await treeSnapshot();
      await each(
        cases,
        ([etl], label) =>
          send('CreateScript', { input: { folderId: folder, name: fileName(label), content: HELLO_SCRIPT, etl } }),
        (response, label, [, field]) => expectError(response, 'BAD_USER_INPUT', label, field),
      );
      expect(await treeSnapshot()).toEqual(before);
      expectError(
        await send('TaskScripts', { taskId: 'bad id!' }),
        'BAD_USER_INPUT',
        'scriptsByTask of a bad taskId',
        'taskId',
      );

      // What the rules allow is accepted.
      const valid: Cases<Record<string, unknown>> = [
        ['INTEGER min = max', range('INTEGER', '+5', '5')],
        ['INTEGER beyond 2^64', range('INTEGER', '-18446744073709551617', '18446744073709551617')],
        ['DOUBLE forms', range('DOUBLE', '-.5', '1.')],
        ['DOUBLE exponents', range('DOUBLE', '1e-3', '2.5E+2')],
        ['STRING range', range('STRING', 'a', 'b')],
        [
          'FILL_OUT_OF_RANGE default on a bound',
          rule('INTEGER', 'FILL_OUT_OF_RANGE', { maxValue: '3', defaultValue: '3' }),
        ],
        ['FILL_EMPTY with a default', rule('STRING', 'FILL_EMPTY', { defaultValue: '' })],
        ['UPLOADER without settings', { ...base, stage: 'UPLOADER' }],
      ];
      await each(
        valid,
        (etl, label) =>
          send('CreateScript', {
            input: { folderId: folder, name: fileName(`ok ${label}`), content: HELLO_SCRIPT, etl },
          }),
        (response, label) => expectSuccess(response, label),
      );
    });

    it('compares STRING ranges by code point, as documented', async () => {
      // U+FF21 (Ａ) comes before U+1F600 (😀) by code point, but after its first UTF-16 code unit (U+D83D).
      const [ordered, reversed, fill] = await Promise.all([
        send('CreateScript', {
          input: { name: fileName(uniqueName('cp-ok')), content: HELLO_SCRIPT, etl: range('STRING', '\uff21', '😀') },
        }),
        send('CreateScript', {
          input: { name: fileName(uniqueName('cp-bad')), content: HELLO_SCRIPT, etl: range('STRING', '😀', '\uff21') },
        }),
        send('CreateScript', {
          input: {
            name: fileName(uniqueName('cp-fill')),
            content: HELLO_SCRIPT,
            etl: rule('STRING', 'FILL_OUT_OF_RANGE', { minValue: 'a', maxValue: '😀', defaultValue: '\uff21' }),
          },
        }),
      ]);
      expectSuccess(ordered, 'min U+FF21, max U+1F600');
      expectError(reversed, 'BAD_USER_INPUT', 'min U+1F600, max U+FF21', 'etl.fieldRule.minValue');
      expectSuccess(fill, 'default U+FF21 within a … U+1F600');
    });

    it('refuses updateScriptEtl changes that do not fit, and leaves the binding as it was', async () => {
      const folder = await createFolder(uniqueName('etl-update'));
      const unbound = await createScript('unbound.py', folder);
      const bound = await createScript('bound.py', folder, range('INTEGER', '0', '10'));
      const boundBefore = (await send('Script', { id: bound })).data!.script;
      const fields = (datamoduleId: string, fieldName: string) => [{ datamoduleId, fieldName }];

      const onUnbound: Cases<Record<string, unknown>> = [
        ['nothing', {}],
        ['taskId without stage', { taskId: 'task-1' }],
        ['stage without taskId', { stage: 'EXTRACTOR' }],
        ['only fields', { fieldsToAdd: fields('dm-1', 'depth') }],
      ];
      const onBound: Cases<[Record<string, unknown>, string]> = [
        ['removing a field not bound', [{ fieldsToRemove: fields('dm-1', 'other') }, 'input.fieldsToRemove[0]']],
        [
          'removing a field of another datamodule',
          [{ fieldsToRemove: fields('dm-2', 'depth') }, 'input.fieldsToRemove[0]'],
        ],
        [
          'removing one field twice',
          [{ fieldsToRemove: [...fields('dm-1', 'depth'), ...fields('dm-1', 'depth')] }, 'input.fieldsToRemove[1]'],
        ],
        [
          'anonymizationRule on a FIELD_RULE',
          [{ anonymizationRule: { type: 'SUPPRESSION' } }, 'input.anonymizationRule'],
        ],
        ['stage TRANSFORMER without transformation', [{ stage: 'TRANSFORMER' }, 'input.transformation']],
        ['stage EXTRACTOR with fieldRule', [{ stage: 'EXTRACTOR', fieldRule: integerRule }, 'input.fieldRule']],
        [
          'fieldRule min > max',
          [
            { fieldRule: { fieldType: 'INTEGER', type: 'IGNORE_OUT_OF_RANGE', minValue: '10', maxValue: '2' } },
            'input.fieldRule.minValue',
          ],
        ],
        [
          'fieldRule FILL_EMPTY without defaultValue',
          [{ fieldRule: { fieldType: 'INTEGER', type: 'FILL_EMPTY' } }, 'input.fieldRule.defaultValue'],
        ],
        ['taskId "bad id!"', [{ taskId: 'bad id!' }, 'input.taskId']],
        ['taskId of 200 characters', [{ taskId: 't'.repeat(200) }, 'input.taskId']],
        [
          'a field with a bad datamoduleId',
          [{ fieldsToAdd: fields('bad id!', 'x') }, 'input.fieldsToAdd[0].datamoduleId'],
        ],
        ['a field with a bad name', [{ fieldsToAdd: fields('dm-1', 'a\tb') }, 'input.fieldsToAdd[0].fieldName']],
      ];
      await each(
        onUnbound,
        (input) => send('UpdateScriptEtl', { id: unbound, input }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `unbound: ${label}`, 'input.taskId'),
      );
      await each(
        onBound,
        ([input]) => send('UpdateScriptEtl', { id: bound, input }),
        (response, label, [, field]) => expectError(response, 'BAD_USER_INPUT', `bound: ${label}`, field),
      );
      expect((await send('Script', { id: unbound })).data!.script.etl).toBeNull();
      expect((await send('Script', { id: bound })).data!.script).toEqual(boundBefore);
    });
  });
});
