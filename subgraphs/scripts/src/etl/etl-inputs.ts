import { Field, ID, InputType } from 'type-graphql';
import { NAME_RULE } from '../names/names.js';
import { AnonymizationRuleType, EtlStage, FieldRuleType, FieldType, TransformationType } from './etl-enums.js';
import { MAX_TRANSFORMATION_LENGTH } from './etl-validation.js';

@InputType({ description: 'A field of an external datamodule.' })
export class FieldRefInput {
  @Field(() => ID, { description: 'Id of the datamodule in the ETL system.' })
  datamoduleId!: string;

  @Field(() => String, { description: `Name of the field (${NAME_RULE}).` })
  fieldName!: string;
}

@InputType({ description: 'Settings of a FIELD_RULE script.' })
export class FieldRuleInput {
  @Field(() => String, {
    nullable: true,
    description: 'Replacement value; required by FILL_EMPTY and FILL_OUT_OF_RANGE.',
  })
  defaultValue?: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest accepted value, parsed as `fieldType`.' })
  minValue?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Highest accepted value, parsed as `fieldType`; not below `minValue`.',
  })
  maxValue?: string | null;

  @Field(() => FieldType, { description: 'The type the values parse as.' })
  fieldType!: FieldType;

  @Field(() => FieldRuleType, { description: 'What the rule does.' })
  type!: FieldRuleType;
}

@InputType({ description: 'Settings of an ANONYMIZATION_RULE script.' })
export class AnonymizationRuleInput {
  @Field(() => AnonymizationRuleType, { description: 'The anonymization technique.' })
  type!: AnonymizationRuleType;
}

@InputType({ description: 'Settings of a TRANSFORMER script.' })
export class TransformationInput {
  @Field(() => String, {
    nullable: true,
    description: `The transformation expression or script reference (at most ${MAX_TRANSFORMATION_LENGTH.toLocaleString('en')} characters).`,
  })
  script?: string | null;

  @Field(() => TransformationType, { description: 'How results are written.' })
  type!: TransformationType;
}

@InputType({ description: "A script's binding to an ETL task. Only the settings of the chosen stage may be given." })
export class EtlBindingInput {
  @Field(() => ID, { description: 'Id of the ETL task.' })
  taskId!: string;

  @Field(() => EtlStage, { description: 'The pipeline stage the script serves.' })
  stage!: EtlStage;

  @Field(() => [FieldRefInput], { nullable: true, description: 'The datamodule fields the script works on.' })
  fields?: FieldRefInput[] | null;

  @Field(() => FieldRuleInput, { nullable: true, description: 'Required with stage FIELD_RULE, refused otherwise.' })
  fieldRule?: FieldRuleInput | null;

  @Field(() => AnonymizationRuleInput, {
    nullable: true,
    description: 'Required with stage ANONYMIZATION_RULE, refused otherwise.',
  })
  anonymizationRule?: AnonymizationRuleInput | null;

  @Field(() => TransformationInput, {
    nullable: true,
    description: 'Required with stage TRANSFORMER, refused otherwise.',
  })
  transformation?: TransformationInput | null;
}

@InputType({
  description:
    "Changes to a script's ETL binding; omitted fields stay. A script without a binding needs `taskId` and `stage`.",
})
export class UpdateScriptEtlInput {
  @Field(() => ID, { nullable: true, description: 'A new ETL task.' })
  taskId?: string | null;

  @Field(() => EtlStage, { nullable: true, description: "A new stage; the old stage's settings are dropped." })
  stage?: EtlStage | null;

  @Field(() => FieldRuleInput, { nullable: true, description: 'New field-rule settings (stage FIELD_RULE).' })
  fieldRule?: FieldRuleInput | null;

  @Field(() => AnonymizationRuleInput, {
    nullable: true,
    description: 'New anonymization settings (stage ANONYMIZATION_RULE).',
  })
  anonymizationRule?: AnonymizationRuleInput | null;

  @Field(() => TransformationInput, { nullable: true, description: 'New transformation settings (stage TRANSFORMER).' })
  transformation?: TransformationInput | null;

  @Field(() => [FieldRefInput], {
    nullable: true,
    description: 'Fields to bind in addition; ones already bound are kept once.',
  })
  fieldsToAdd?: FieldRefInput[] | null;

  @Field(() => [FieldRefInput], { nullable: true, description: 'Bound fields to unbind; each must be bound.' })
  fieldsToRemove?: FieldRefInput[] | null;
}
