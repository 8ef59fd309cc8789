import { Field, ID, InputType } from 'type-graphql';
import { EtlBindingInput } from '../etl/etl-inputs.js';
import { MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH } from '../names/names.js';

@InputType({ description: 'A new script, or new content for the script at that path with `replace: true`.' })
export class CreateScriptInput {
  @Field(() => ID, { nullable: true, description: 'The folder; null or omitted for the root.' })
  folderId?: string | null;

  @Field(() => String, { description: 'File name ending in `.py`, unique in its folder.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: `Name shown in the console (at most ${MAX_DISPLAY_NAME_LENGTH} characters).`,
  })
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `What the script does (at most ${MAX_DESCRIPTION_LENGTH.toLocaleString('en')} characters).`,
  })
  description?: string | null;

  @Field(() => String, {
    description: 'Python source defining a top-level `main(data)`; checked by the Python parser, never run here.',
  })
  content!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'When a script exists at the path: true stores `content` as its new version (and applies the other fields); ' +
      'false fails with SCRIPT_EXISTS_REPLACE_REQUIRED.',
  })
  replace?: boolean | null;

  @Field(() => EtlBindingInput, { nullable: true, description: 'Binds the script to an ETL task.' })
  etl?: EtlBindingInput | null;
}

@InputType({ description: 'Changes to a script; omitted fields stay as they are.' })
export class UpdateScriptInput {
  @Field(() => String, { nullable: true, description: 'New file name ending in `.py`.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'New content: stored as a new version when it differs.' })
  content?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Moves the script to this folder; an explicit null moves it to the root, omitted leaves it.',
  })
  folderId?: string | null;
}
