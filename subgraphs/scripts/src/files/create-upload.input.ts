import { Field, InputType, Int } from 'type-graphql';
import { SafeIntScalar } from './safe-int.scalar.js';

@InputType({ description: 'A file about to be streamed: where it goes, its name, type and exact size.' })
export class CreateUploadInput {
  @Field(() => String, {
    nullable: true,
    description: 'Folder-like prefix of the key, such as `geology/wells`; `uploads` when absent.',
  })
  prefix?: string | null;

  @Field(() => String, { description: 'The file name kept in the key, such as `wells.las`.' })
  filename!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Media type, such as `text/csv`; guessed from the file name when absent.',
  })
  contentType?: string | null;

  @Field(() => SafeIntScalar, { description: 'The exact size in bytes, at most MAX_FILE_SIZE.' })
  size!: number;
}

@InputType({ description: 'A part sent in a multipart upload.' })
export class CompletedPartInput {
  @Field(() => Int, { description: 'The part number, from 1.' })
  partNumber!: number;

  @Field(() => String, { description: "The ETag header of the part PUT's answer." })
  etag!: string;
}

@InputType({ description: 'The end of a multipart upload: every part, in order.' })
export class CompleteUploadInput {
  @Field(() => String, { description: 'The key `createUpload` answered.' })
  key!: string;

  @Field(() => String, { description: 'The `multipart.uploadId` `createUpload` answered.' })
  uploadId!: string;

  @Field(() => SafeIntScalar, { description: 'The size declared to `createUpload`, in bytes.' })
  size!: number;

  @Field(() => [CompletedPartInput], { description: 'Every part, numbered 1 to n in order, with its ETag.' })
  parts!: CompletedPartInput[];
}
