import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A new role.' })
export class CreateRoleInput {
  @Field(() => String, {
    description: 'Unique lowercase name: 2–64 of `a-z`, `0-9`, `-`, `_`, starting with a letter.',
  })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the role is for (at most 500 characters).' })
  description?: string | null;

  @Field(() => [String], { description: 'Permissions to grant: known `domain:action` strings, `domain:*` or `*`.' })
  permissions!: string[];
}

@InputType({ description: 'Changes to a role; omitted fields stay as they are.' })
export class UpdateRoleInput {
  @Field(() => String, { nullable: true, description: 'New unique name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'The full new list of permissions.' })
  permissions?: string[] | null;
}
