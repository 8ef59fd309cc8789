import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A live session of a user: one sign-in and the refresh tokens rotated from it.' })
export class SessionInfo {
  @Field(() => ID, { description: 'The session id (the `sid` of its access tokens); pass it to `revokeSession`.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The User-Agent of the latest sign-in or refresh (at most 256 characters); null if none was sent.',
  })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address of the latest sign-in or refresh.' })
  address!: string | null;

  @Field(() => Date, { description: 'When the session signed in.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When its refresh token was last issued (sign-in or refresh).' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'When the session ends unless refreshed before.' })
  expiresAt!: Date;

  @Field(() => Boolean, { description: "Whether it is the caller's own current session." })
  current!: boolean;
}
