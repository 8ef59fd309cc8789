import { describe, expect, it } from 'vitest';
import { etlUpdate, fieldErrors, formValues } from './etl-form-model';

describe('the ETL binding form', () => {
  it('sends only the chosen stage settings, with empty values as null', () => {
    const values = {
      ...formValues(null),
      taskId: 'task-1',
      stage: 'FIELD_RULE' as const,
      minValue: '1',
      maxValue: '',
      defaultValue: '5',
    };
    expect(etlUpdate(values, null)).toEqual({
      taskId: 'task-1',
      stage: 'FIELD_RULE',
      fieldsToAdd: [],
      fieldsToRemove: [],
      fieldRule: { type: 'FILL_EMPTY', fieldType: 'INTEGER', defaultValue: '5', minValue: '1', maxValue: null },
    });
    expect(etlUpdate({ ...values, stage: 'TRANSFORMER' }, null)).not.toHaveProperty('fieldRule');
  });

  it('adds and removes bound fields by the difference with the binding', () => {
    const current = {
      taskId: 't',
      stage: 'EXTRACTOR' as const,
      fields: [{ datamoduleId: 'dm:1', fieldName: 'depth' }],
      fieldRule: null,
      anonymizationRule: null,
      transformation: null,
    };
    const values = { ...formValues(current), fields: 'dm:1/name\n  \n' };
    const update = etlUpdate(values, current);
    expect(update.fieldsToAdd).toEqual([{ datamoduleId: 'dm:1', fieldName: 'name' }]);
    expect(update.fieldsToRemove).toEqual([{ datamoduleId: 'dm:1', fieldName: 'depth' }]);
  });

  it('puts each BAD_USER_INPUT on its control and keeps the rest general', () => {
    const problem = (code: string, field?: string) => ({
      message: `${field} bad`,
      code,
      requestId: 'r',
      ...(field ? { field } : {}),
    });
    const { byControl, general } = fieldErrors([
      problem('BAD_USER_INPUT', 'input.fieldRule.minValue'),
      problem('BAD_USER_INPUT', 'input.fieldsToAdd[0].fieldName'),
      problem('FORBIDDEN'),
    ]);
    expect(byControl).toEqual({
      minValue: 'input.fieldRule.minValue bad',
      fields: 'input.fieldsToAdd[0].fieldName bad',
    });
    expect(general.map((one) => one.code)).toEqual(['FORBIDDEN']);
  });
});
