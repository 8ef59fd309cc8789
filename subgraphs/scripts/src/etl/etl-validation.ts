import { EXTERNAL_ID_RULE, isExternalId, UserInputError } from '@etl/kit';
import { nameProblem } from '../names/names.js';
import type { EtlBinding, FieldRef, FieldRule } from './etl-binding.js';
import { EtlStage, FieldRuleType, FieldType } from './etl-enums.js';
import type {
  AnonymizationRuleInput,
  EtlBindingInput,
  FieldRefInput,
  FieldRuleInput,
  TransformationInput,
  UpdateScriptEtlInput,
} from './etl-inputs.js';

const MAX_FIELDS = 500;
const MAX_VALUE_LENGTH = 4096;
export const MAX_TRANSFORMATION_LENGTH = 65_536;
const INTEGER = /^[+-]?\d{1,40}$/;
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type Comparable = bigint | number | string;

/** Orders strings by Unicode code point (JavaScript's `<` orders UTF-16 units, which differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkExternalId(value: string, field: string): string {
  if (!isExternalId(value)) throw new UserInputError(`${field} must be ${EXTERNAL_ID_RULE}`, field);
  return value;
}

function fieldRef(input: FieldRefInput, field: string): FieldRef {
  checkExternalId(input.datamoduleId, `${field}.datamoduleId`);
  const problem = nameProblem(input.fieldName);
  if (problem) throw new UserInputError(`Field name ${problem}`, `${field}.fieldName`);
  return { datamoduleId: input.datamoduleId, fieldName: input.fieldName };
}

const sameField = (a: FieldRef) => (b: FieldRef) => a.datamoduleId === b.datamoduleId && a.fieldName === b.fieldName;

/** Bound fields without duplicates, in the order given. */
function addFields(current: FieldRef[], added: FieldRefInput[], field: string): FieldRef[] {
  const fields = [...current];
  added.forEach((input, index) => {
    const ref = fieldRef(input, `${field}[${index}]`);
    if (!fields.some(sameField(ref))) fields.push(ref);
  });
  if (fields.length > MAX_FIELDS) throw new UserInputError(`A script binds at most ${MAX_FIELDS} fields`, field);
  return fields;
}

/** A field-rule value parsed as its type, for range checks; BAD_USER_INPUT when it does not parse. */
function parseValue(type: FieldType, value: string, field: string): Comparable {
  if (value.length > MAX_VALUE_LENGTH) throw new UserInputError(`${field} is longer than ${MAX_VALUE_LENGTH}`, field);
  if (type === FieldType.STRING) return value;
  if (type === FieldType.INTEGER) {
    if (!INTEGER.test(value)) throw new UserInputError(`${field} ${JSON.stringify(value)} is not an INTEGER`, field);
    return BigInt(value);
  }
  const number = Number(value);
  if (!DOUBLE.test(value) || !Number.isFinite(number)) {
    throw new UserInputError(`${field} ${JSON.stringify(value)} is not a DOUBLE`, field);
  }
  return number;
}

function fieldRule(input: FieldRuleInput, field: string): FieldRule {
  const parse = (name: 'defaultValue' | 'minValue' | 'maxValue') => {
    const value = input[name];
    return value === null || value === undefined ? null : parseValue(input.fieldType, value, `${field}.${name}`);
  };
  const [defaultValue, min, max] = [parse('defaultValue'), parse('minValue'), parse('maxValue')];
  if (min !== null && max !== null && compare(min, max) > 0) {
    throw new UserInputError(`${field}.minValue must not be greater than maxValue`, `${field}.minValue`);
  }
  const fills = input.type === FieldRuleType.FILL_EMPTY || input.type === FieldRuleType.FILL_OUT_OF_RANGE;
  if (fills && defaultValue === null) {
    throw new UserInputError(`${field}.defaultValue is required by ${input.type}`, `${field}.defaultValue`);
  }
  const ranged = input.type.endsWith('_OUT_OF_RANGE');
  if (ranged && min === null && max === null) {
    throw new UserInputError(`${input.type} needs minValue, maxValue or both`, `${field}.minValue`);
  }
  if (input.type === FieldRuleType.FILL_OUT_OF_RANGE && defaultValue !== null) {
    if ((min !== null && compare(defaultValue, min) < 0) || (max !== null && compare(defaultValue, max) > 0)) {
      throw new UserInputError(`${field}.defaultValue must lie within minValue–maxValue`, `${field}.defaultValue`);
    }
  }
  return {
    defaultValue: input.defaultValue ?? null,
    minValue: input.minValue ?? null,
    maxValue: input.maxValue ?? null,
    fieldType: input.fieldType,
    type: input.type,
  };
}

/** A stage's settings as given (inputs) or as stored (a binding's own, which fit the inputs' shape). */
interface StageSettings {
  fieldRule?: FieldRuleInput | null;
  anonymizationRule?: AnonymizationRuleInput | null;
  transformation?: TransformationInput | null;
}

const SETTINGS_OF_STAGE: Record<EtlStage, keyof StageSettings | null> = {
  [EtlStage.EXTRACTOR]: null,
  [EtlStage.FIELD_RULE]: 'fieldRule',
  [EtlStage.ANONYMIZATION_RULE]: 'anonymizationRule',
  [EtlStage.TRANSFORMER]: 'transformation',
  [EtlStage.UPLOADER]: null,
};

/** The settings a stage takes, required; any other stage's settings are refused. */
function stageSettings(stage: EtlStage, settings: StageSettings, field: string) {
  const wanted = SETTINGS_OF_STAGE[stage];
  for (const name of ['fieldRule', 'anonymizationRule', 'transformation'] as const) {
    if (name !== wanted && settings[name]) {
      throw new UserInputError(`${field}.${name} does not apply to stage ${stage}`, `${field}.${name}`);
    }
  }
  if (wanted && !settings[wanted]) {
    throw new UserInputError(`Stage ${stage} needs ${field}.${wanted}`, `${field}.${wanted}`);
  }
  const transformation = settings.transformation;
  if (transformation?.script && transformation.script.length > MAX_TRANSFORMATION_LENGTH) {
    throw new UserInputError(
      `transformation.script is longer than ${MAX_TRANSFORMATION_LENGTH}`,
      `${field}.transformation`,
    );
  }
  return {
    fieldRule: settings.fieldRule ? fieldRule(settings.fieldRule, `${field}.fieldRule`) : null,
    anonymizationRule: settings.anonymizationRule ? { type: settings.anonymizationRule.type } : null,
    transformation: transformation ? { script: transformation.script ?? null, type: transformation.type } : null,
  };
}

/** A new binding from `createScript`'s `etl` input, checked against the ETL script contract. */
export function bindingFromInput(input: EtlBindingInput, field = 'etl'): EtlBinding {
  return {
    taskId: checkExternalId(input.taskId, `${field}.taskId`),
    stage: input.stage,
    fields: addFields([], input.fields ?? [], `${field}.fields`),
    ...stageSettings(input.stage, input, field),
  };
}

/**
 * The binding after `updateScriptEtl`: omitted parts stay, a new stage drops the old stage's
 * settings, fields are removed then added.
 */
export function updatedBinding(current: EtlBinding | null, update: UpdateScriptEtlInput): EtlBinding {
  const field = 'input';
  const taskId = update.taskId ?? current?.taskId;
  const stage = update.stage ?? current?.stage;
  if (!taskId || !stage) {
    throw new UserInputError('This script has no ETL binding yet: give taskId and stage', `${field}.taskId`);
  }
  const keep = stage === current?.stage ? current : null;
  let fields = current?.fields ?? [];
  (update.fieldsToRemove ?? []).forEach((input, index) => {
    const ref = fieldRef(input, `${field}.fieldsToRemove[${index}]`);
    if (!fields.some(sameField(ref))) {
      throw new UserInputError(
        `Field ${ref.datamoduleId}.${ref.fieldName} is not bound to this script`,
        `${field}.fieldsToRemove[${index}]`,
      );
    }
    fields = fields.filter((bound) => !sameField(ref)(bound));
  });
  return {
    taskId: checkExternalId(taskId, `${field}.taskId`),
    stage,
    fields: addFields(fields, update.fieldsToAdd ?? [], `${field}.fieldsToAdd`),
    ...stageSettings(
      stage,
      {
        fieldRule: update.fieldRule ?? keep?.fieldRule,
        anonymizationRule: update.anonymizationRule ?? keep?.anonymizationRule,
        transformation: update.transformation ?? keep?.transformation,
      },
      field,
    ),
  };
}

/** The datamodules a binding names, each once. */
export function datamodulesOf(binding: EtlBinding | null | undefined): string[] {
  return [...new Set((binding?.fields ?? []).map((f) => f.datamoduleId))];
}
