import { Field, ID, ObjectType } from 'type-graphql';
import { AnonymizationRuleType, EtlStage, FieldRuleType, FieldType, TransformationType } from './etl-enums.js';

@ObjectType({ description: 'A field of an external datamodule.' })
export class FieldRef {
  @Field(() => ID, { description: 'Id of the datamodule in the ETL system.' })
  datamoduleId!: string;

  @Field(() => String, { description: 'Name of the field in the datamodule.' })
  fieldName!: string;
}

@ObjectType({ description: 'Settings of a FIELD_RULE script. Values are strings that parse as `fieldType`.' })
export class FieldRule {
  @Field(() => String, { nullable: true, description: 'Value put in place of an empty or out-of-range one.' })
  defaultValue!: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest accepted value (inclusive).' })
  minValue!: string | null;

  @Field(() => String, { nullable: true, description: 'Highest accepted value (inclusive).' })
  maxValue!: string | null;

  @Field(() => FieldType, { description: 'The type the values parse as.' })
  fieldType!: FieldType;

  @Field(() => FieldRuleType, { description: 'What the rule does.' })
  type!: FieldRuleType;
}

@ObjectType({ description: 'Settings of an ANONYMIZATION_RULE script.' })
export class AnonymizationRule {
  @Field(() => AnonymizationRuleType, { description: 'The anonymization technique.' })
  type!: AnonymizationRuleType;
}

@ObjectType({ description: 'Settings of a TRANSFORMER script.' })
export class Transformation {
  @Field(() => String, { nullable: true, description: 'The transformation expression or script reference.' })
  script!: string | null;

  @Field(() => TransformationType, { description: 'How results are written.' })
  type!: TransformationType;
}

/**
 * How a script serves an ETL task: as which pipeline stage, over which datamodule fields, with
 * the stage's own settings (only the one matching `stage` is set). Stored with the script as a
 * JSON document: it is always read and written whole.
 */
@ObjectType({ description: 'The binding of a script to an ETL task as a pipeline stage.' })
export class EtlBinding {
  @Field(() => ID, { description: 'Id of the ETL task.' })
  taskId!: string;

  @Field(() => EtlStage, { description: 'The pipeline stage the script serves.' })
  stage!: EtlStage;

  @Field(() => [FieldRef], { description: 'The datamodule fields the script works on.' })
  fields!: FieldRef[];

  @Field(() => FieldRule, { nullable: true, description: 'Set when `stage` is FIELD_RULE.' })
  fieldRule!: FieldRule | null;

  @Field(() => AnonymizationRule, { nullable: true, description: 'Set when `stage` is ANONYMIZATION_RULE.' })
  anonymizationRule!: AnonymizationRule | null;

  @Field(() => Transformation, { nullable: true, description: 'Set when `stage` is TRANSFORMER.' })
  transformation!: Transformation | null;
}
