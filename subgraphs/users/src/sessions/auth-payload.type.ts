import type { AccessTokenContent } from '@etl/kit';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

@ObjectType({ description: 'A signed-in session: a short-lived access token and the refresh token that renews it.' })
export class AuthPayload {
  @Field(() => String, { description: 'JWT to send as `Authorization: Bearer <token>`; valid until `expiresAt`.' })
  accessToken!: string;

  @Field(() => String, {
    description: 'Opaque token for `refreshToken`; each use returns a new one and retires this one.',
  })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the access token expires.' })
  expiresAt!: Date;

  @Field(() => Date, { description: 'When the refresh token expires unless used before.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;

  @Field(() => Boolean, {
    description:
      'An administrator reset the password: the access token carries no permission until `changePassword`; refresh afterwards for a full one.',
  })
  passwordChangeRequired!: boolean;

  /** What the access token says; not in the schema. */
  grants!: AccessTokenContent;
}
