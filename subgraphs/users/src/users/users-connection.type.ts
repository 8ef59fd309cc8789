import { PageInfo } from '@etl/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

@ObjectType({ description: 'One user in a page of users.' })
export class UserEdge {
  @Field(() => String, { description: 'Pass as `after` to get the users following this one.' })
  cursor!: string;

  @Field(() => User, { description: 'The user.' })
  node!: User;
}

@ObjectType({ description: 'A page of users ordered by login, with the total that match.' })
export class UsersConnection {
  @Field(() => Int, { description: 'How many users match the search, across all pages.' })
  totalCount!: number;

  @Field(() => [UserEdge], { description: 'The users of this page.' })
  edges!: UserEdge[];

  @Field(() => PageInfo, { description: 'Paging position.' })
  pageInfo!: PageInfo;
}
