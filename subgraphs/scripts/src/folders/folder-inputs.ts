import { Field, ID, InputType } from 'type-graphql';
import { NAME_RULE } from '../names/names.js';

@InputType({ description: 'A new folder.' })
export class CreateFolderInput {
  @Field(() => String, { description: `Name, unique among its siblings: ${NAME_RULE}.` })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The parent folder; null or omitted for the root.' })
  parentId?: string | null;
}
