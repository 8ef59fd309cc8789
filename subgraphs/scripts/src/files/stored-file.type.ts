import { Field, ObjectType } from 'type-graphql';
import { SafeIntScalar } from './safe-int.scalar.js';

/** A stored file as the API shows it; content and link are field resolvers (see StoredFileResolver). */
@ObjectType({ description: 'A file in the file store.' })
export class StoredFile {
  @Field(() => String, { description: 'Where it is stored: `prefix/…/name`, such as `uploads/0193…/wells.csv`.' })
  key!: string;

  @Field(() => SafeIntScalar, { description: 'Size in bytes.' })
  size!: number;

  @Field(() => String, { description: 'Media type, such as `text/csv`.' })
  contentType!: string;

  @Field(() => Date, { description: 'When it was stored.' })
  createdAt!: Date;
}
