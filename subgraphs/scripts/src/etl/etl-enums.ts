import { registerEnumType } from 'type-graphql';

export enum EtlStage {
  EXTRACTOR = 'EXTRACTOR',
  FIELD_RULE = 'FIELD_RULE',
  ANONYMIZATION_RULE = 'ANONYMIZATION_RULE',
  TRANSFORMER = 'TRANSFORMER',
  UPLOADER = 'UPLOADER',
}

export enum FieldType {
  INTEGER = 'INTEGER',
  STRING = 'STRING',
  DOUBLE = 'DOUBLE',
}

export enum FieldRuleType {
  FILL_EMPTY = 'FILL_EMPTY',
  IGNORE_EMPTY = 'IGNORE_EMPTY',
  REMOVE_EMPTY = 'REMOVE_EMPTY',
  FILL_OUT_OF_RANGE = 'FILL_OUT_OF_RANGE',
  IGNORE_OUT_OF_RANGE = 'IGNORE_OUT_OF_RANGE',
  REMOVE_OUT_OF_RANGE = 'REMOVE_OUT_OF_RANGE',
}

export enum AnonymizationRuleType {
  GENERALIZATION = 'GENERALIZATION',
  SUPPRESSION = 'SUPPRESSION',
  ANATOMIZATION = 'ANATOMIZATION',
  PERMUTATION = 'PERMUTATION',
  PERTURBATION = 'PERTURBATION',
}

export enum TransformationType {
  MERGE = 'MERGE',
  UPDATE = 'UPDATE',
}

registerEnumType(EtlStage, {
  name: 'EtlStage',
  description: 'The stage of an ETL task pipeline a script serves.',
  valuesConfig: {
    EXTRACTOR: { description: 'Reads records from a source.' },
    FIELD_RULE: { description: 'Checks or fixes the values of fields (needs `fieldRule`).' },
    ANONYMIZATION_RULE: { description: 'Anonymizes fields (needs `anonymizationRule`).' },
    TRANSFORMER: { description: 'Transforms records (needs `transformation`).' },
    UPLOADER: { description: 'Writes records to a target.' },
  },
});

registerEnumType(FieldType, {
  name: 'FieldType',
  description: "The type a field rule's values parse as.",
  valuesConfig: {
    INTEGER: { description: 'A whole number such as `-3` or `42`.' },
    STRING: { description: 'Text; ranges compare by code point.' },
    DOUBLE: { description: 'A decimal number such as `2.5` or `-1e-3`.' },
  },
});

registerEnumType(FieldRuleType, {
  name: 'FieldRuleType',
  description: 'What a field rule does with empty or out-of-range values.',
  valuesConfig: {
    FILL_EMPTY: { description: 'Replace an empty value with `defaultValue` (required).' },
    IGNORE_EMPTY: { description: 'Keep records with an empty value as they are.' },
    REMOVE_EMPTY: { description: 'Drop records with an empty value.' },
    FILL_OUT_OF_RANGE: {
      description: 'Replace a value outside `minValue`–`maxValue` with `defaultValue` (required, with a bound).',
    },
    IGNORE_OUT_OF_RANGE: { description: 'Keep records with an out-of-range value (needs a bound).' },
    REMOVE_OUT_OF_RANGE: { description: 'Drop records with an out-of-range value (needs a bound).' },
  },
});

registerEnumType(AnonymizationRuleType, {
  name: 'AnonymizationRuleType',
  description: 'An anonymization technique.',
  valuesConfig: {
    GENERALIZATION: { description: 'Replace values with broader categories.' },
    SUPPRESSION: { description: 'Remove or mask values.' },
    ANATOMIZATION: { description: 'Separate identifying and sensitive attributes.' },
    PERMUTATION: { description: 'Shuffle values between records.' },
    PERTURBATION: { description: 'Add noise to values.' },
  },
});

registerEnumType(TransformationType, {
  name: 'TransformationType',
  description: 'How a transformation writes its results.',
  valuesConfig: {
    MERGE: { description: 'Merge results into the existing records.' },
    UPDATE: { description: 'Update the existing records in place.' },
  },
});
