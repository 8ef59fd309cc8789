import { Field, InputType } from 'type-graphql';
import { LOGIN_RULE, PASSWORD_RULE } from '../users/user-rules.js';

@InputType({ description: 'A new account.' })
export class RegisterInput {
  @Field(() => String, { description: `${LOGIN_RULE}, unique case-insensitively.` })
  login!: string;

  @Field(() => String, { description: `${PASSWORD_RULE}.` })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the console.' })
  displayName?: string | null;
}

@InputType({ description: 'An account an administrator creates; its owner signs in with this password.' })
export class CreateUserInput extends RegisterInput {}
