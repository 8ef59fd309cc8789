import { Field, Int, ObjectType } from 'type-graphql';
import { SafeIntScalar } from './safe-int.scalar.js';

@ObjectType({ description: 'An HTTP header to send with an upload request.' })
export class HttpHeader {
  @Field(() => String, { description: 'Header name, such as `Content-Type`.' })
  name!: string;

  @Field(() => String, { description: 'Header value.' })
  value!: string;
}

@ObjectType({ description: 'One part of a multipart upload: a byte range of the file and where to PUT it.' })
export class UploadPart {
  @Field(() => Int, { description: 'The part number, from 1; `completeUpload` lists the parts by it.' })
  partNumber!: number;

  @Field(() => SafeIntScalar, { description: 'Where the part starts in the file, in bytes.' })
  offset!: number;

  @Field(() => SafeIntScalar, { description: 'The part size in bytes: send exactly this many.' })
  size!: number;

  @Field(() => String, { description: 'Presigned URL to PUT the part to; its answer carries the ETag to keep.' })
  url!: string;

  @Field(() => [HttpHeader], { description: 'Headers to send with the PUT, besides Content-Length.' })
  headers!: HttpHeader[];
}

@ObjectType({
  description:
    'A multipart upload (S3 store, files above S3_MULTIPART_THRESHOLD): PUT each part, then call `completeUpload` ' +
    'with every part number and ETag, or `abortUpload`.',
})
export class MultipartUpload {
  @Field(() => String, { description: "The store's id of the upload, for `completeUpload` and `abortUpload`." })
  uploadId!: string;

  @Field(() => SafeIntScalar, { description: 'Bytes per part (the last part may be shorter).' })
  partSize!: number;

  @Field(() => [UploadPart], { description: 'Every part, in order.' })
  parts!: UploadPart[];
}

@ObjectType({
  description:
    'Where to stream a new file. Either one PUT of the whole content to `url` with `headers` and a Content-Length ' +
    'of the declared size, or (`multipart` set) one PUT per part. The file exists under `key` once the PUT or ' +
    '`completeUpload` has succeeded; nothing is stored from a refused or cut transfer.',
})
export class UploadTarget {
  @Field(() => String, { description: 'The key the file gets: `prefix/<unique id>/<filename>`.' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'Where to PUT the whole content; null for a multipart upload.' })
  url!: string | null;

  @Field(() => [HttpHeader], { description: 'Headers to send with the PUT to `url`, besides Content-Length.' })
  headers!: HttpHeader[];

  @Field(() => Date, { description: 'Until when the URLs may be used to start a transfer.' })
  expiresAt!: Date;

  @Field(() => MultipartUpload, { nullable: true, description: 'Set when the file goes in parts.' })
  multipart!: MultipartUpload | null;
}
