import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * The paging position of every cursor-paged list (Relay's PageInfo), one type for the whole API:
 * each subgraph that pages a list returns it, so it is shareable.
 */
@Directive('@shareable')
@ObjectType({ description: 'Where a page stands in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the page's last item (pass it as `after` for the next page); null for an empty page.",
  })
  endCursor!: string | null;
}
