import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ApiToken, MAX_API_TOKEN_NAME_LENGTH } from './api-token.entity.js';

@InputType({ description: 'A new API token.' })
export class CreateApiTokenInput {
  @Field(() => String, { description: `What the token is for, 1–${MAX_API_TOKEN_NAME_LENGTH} characters.` })
  name!: string;

  @Field(() => [String], {
    description: 'What the token may do: 1–100 permissions, each held by the caller (and the service account).',
  })
  permissions!: string[];

  @Field(() => Date, {
    description: 'When the token stops working: in the future, at most `API_TOKEN_MAX_LIFETIME_DAYS` days ahead.',
  })
  expiresAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description: "A service account to make the token for (needs `users:admin`); unset, the token is the caller's.",
  })
  userId?: string | null;
}

@ObjectType({ description: 'A new API token and its secret, which is shown this once.' })
export class CreatedApiToken {
  @Field(() => ApiToken, { description: 'The token.' })
  apiToken!: ApiToken;

  @Field(() => String, {
    description: 'Send as `Authorization: Bearer <secret>`. Only its hash is stored: it cannot be shown again.',
  })
  secret!: string;
}
