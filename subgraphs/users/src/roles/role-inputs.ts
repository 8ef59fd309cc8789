import { Field, InputType } from 'type-graphql';
import { MAX_ROLE_DESCRIPTION_LENGTH, ROLE_NAME_RULE } from './role-rules.js';

@InputType({ description: 'A new role.' })
export class CreateRoleInput {
  @Field(() => String, { description: `Unique lowercase name: ${ROLE_NAME_RULE}.` })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: `What the role is for (at most ${MAX_ROLE_DESCRIPTION_LENGTH} characters).`,
  })
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
