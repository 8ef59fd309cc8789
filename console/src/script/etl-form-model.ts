import type { ApiProblem } from '../api/api-problem';
import type { ConsoleScriptQuery, EtlStage, UpdateScriptEtlInput } from '../gql/graphql';

type Binding = NonNullable<ConsoleScriptQuery['script']['etl']>;

/** The ETL form's values: strings as typed, every stage's settings kept while the stage changes. */
export interface EtlFormValues {
  taskId: string;
  stage: EtlStage | '';
  fieldRuleType: string;
  fieldType: string;
  defaultValue: string;
  minValue: string;
  maxValue: string;
  anonymizationType: string;
  transformationType: string;
  transformationScript: string;
  /** Bound fields, one `datamoduleId/fieldName` a line (a field name holds no `/`). */
  fields: string;
}

export function formValues(binding: Binding | null | undefined): EtlFormValues {
  return {
    taskId: binding?.taskId ?? '',
    stage: binding?.stage ?? '',
    fieldRuleType: binding?.fieldRule?.type ?? 'FILL_EMPTY',
    fieldType: binding?.fieldRule?.fieldType ?? 'INTEGER',
    defaultValue: binding?.fieldRule?.defaultValue ?? '',
    minValue: binding?.fieldRule?.minValue ?? '',
    maxValue: binding?.fieldRule?.maxValue ?? '',
    anonymizationType: binding?.anonymizationRule?.type ?? 'SUPPRESSION',
    transformationType: binding?.transformation?.type ?? 'MERGE',
    transformationScript: binding?.transformation?.script ?? '',
    fields: (binding?.fields ?? []).map((field) => `${field.datamoduleId}/${field.fieldName}`).join('\n'),
  };
}

type FieldRef = { datamoduleId: string; fieldName: string };

function parseFields(text: string): FieldRef[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const slash = line.indexOf('/');
      return slash < 0
        ? { datamoduleId: line, fieldName: '' }
        : { datamoduleId: line.slice(0, slash), fieldName: line.slice(slash + 1) };
    });
}

const key = (field: FieldRef) => `${field.datamoduleId}/${field.fieldName}`;
const orNull = (value: string) => (value.trim() === '' ? null : value);

/** The update that turns the current binding into the form's: only the chosen stage's settings go. */
export function etlUpdate(values: EtlFormValues, current: Binding | null | undefined): UpdateScriptEtlInput {
  const wanted = parseFields(values.fields);
  const bound = current?.fields ?? [];
  const input: UpdateScriptEtlInput = {
    taskId: values.taskId,
    stage: values.stage === '' ? null : values.stage,
    fieldsToAdd: wanted.filter((field) => !bound.some((one) => key(one) === key(field))),
    fieldsToRemove: bound
      .filter((field) => !wanted.some((one) => key(one) === key(field)))
      .map(({ datamoduleId, fieldName }) => ({ datamoduleId, fieldName })),
  };
  if (values.stage === 'FIELD_RULE') {
    input.fieldRule = {
      type: values.fieldRuleType as never,
      fieldType: values.fieldType as never,
      defaultValue: orNull(values.defaultValue),
      minValue: orNull(values.minValue),
      maxValue: orNull(values.maxValue),
    };
  }
  if (values.stage === 'ANONYMIZATION_RULE') input.anonymizationRule = { type: values.anonymizationType as never };
  if (values.stage === 'TRANSFORMER') {
    input.transformation = { type: values.transformationType as never, script: orNull(values.transformationScript) };
  }
  return input;
}

/** The form control an API input path belongs to (`input.fieldRule.minValue` → `minValue`). */
const CONTROL_OF: Array<[RegExp, keyof EtlFormValues]> = [
  [/\.taskId$/, 'taskId'],
  [/\.stage$/, 'stage'],
  [/\.fieldRule\.type$/, 'fieldRuleType'],
  [/\.fieldRule\.fieldType$/, 'fieldType'],
  [/\.fieldRule\.defaultValue$/, 'defaultValue'],
  [/\.fieldRule\.minValue$/, 'minValue'],
  [/\.fieldRule\.maxValue$/, 'maxValue'],
  [/\.fieldRule$/, 'fieldRuleType'],
  [/\.anonymizationRule(\.type)?$/, 'anonymizationType'],
  [/\.transformation\.script$/, 'transformationScript'],
  [/\.transformation(\.type)?$/, 'transformationType'],
  [/\.fieldsTo(Add|Remove)/, 'fields'],
];

/** BAD_USER_INPUT answers put on their controls; whatever names no control stays general. */
export function fieldErrors(problems: ApiProblem[]): {
  byControl: Partial<Record<keyof EtlFormValues, string>>;
  general: ApiProblem[];
} {
  const byControl: Partial<Record<keyof EtlFormValues, string>> = {};
  const general: ApiProblem[] = [];
  for (const problem of problems) {
    const control =
      problem.code === 'BAD_USER_INPUT' && problem.field
        ? CONTROL_OF.find(([pattern]) => pattern.test(problem.field!))?.[1]
        : undefined;
    if (control && !byControl[control]) byControl[control] = problem.message;
    else general.push(problem);
  }
  return { byControl, general };
}
