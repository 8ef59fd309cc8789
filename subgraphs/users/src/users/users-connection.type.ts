import { Field, Int, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

@ObjectType({ description: 'One user in a page of users.' })
export class UserEdge {
  @Field(() => String, { description: 'Pass as `after` to get the users following this one.' })
  cursor!: string;

  @Field(() => User, { description: 'The user.' })
  node!: User;
}

@ObjectType({ description: 'Where a page of users stands in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more users follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the page's last user; null for an empty page." })
  endCursor!: string | null;
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
