import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new folder.' })
export class CreateFolderInput {
  @Field(() => String, {
    description:
      'Name, unique among its siblings: 1–255 characters, no `/`, `\\` or control characters, not `.` or `..`.',
  })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The parent folder; null or omitted for the root.' })
  parentId?: string | null;
}
