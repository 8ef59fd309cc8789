import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A file to store, sent as base64 inside the GraphQL request.' })
export class UploadFileInput {
  @Field(() => String, {
    nullable: true,
    description: 'Folder-like prefix of the key, such as `geology/wells`; `uploads` when absent.',
  })
  prefix?: string | null;

  @Field(() => String, { description: 'The file name kept in the key, such as `wells.csv`.' })
  filename!: string;

  @Field(() => String, { description: 'The content, base64-encoded (standard alphabet, with padding).' })
  contentBase64!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Media type, such as `text/csv`; guessed from the file name when absent.',
  })
  contentType?: string | null;
}
