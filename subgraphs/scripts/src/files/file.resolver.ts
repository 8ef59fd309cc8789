import { type DatabaseRequestContext } from '@etl/kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DEFAULT_FILES, MAX_FILES, type FileService } from './file.service.js';
import { StoredFile } from './stored-file.type.js';
import { UploadFileInput } from './upload-file.input.js';

const KEY_ARG = { description: 'The key, such as `uploads/0193…/wells.csv`.' };

@Resolver(() => StoredFile)
export class FileResolver {
  constructor(private readonly fileService: FileService) {}

  @Authorized('files:write')
  @Mutation(() => StoredFile, {
    description:
      'Stores a file under `prefix/<unique id>/<filename>` (the original name survives, for `in/<name>` in runs). ' +
      'Capped at MAX_FILE_SIZE. Needs `files:write`.',
  })
  uploadFile(
    @Arg('input', () => UploadFileInput, { description: 'The file.' }) input: UploadFileInput,
  ): Promise<StoredFile> {
    return this.fileService.upload(input);
  }

  @Authorized('files:read')
  @Query(() => StoredFile, { description: 'A stored file by key. Needs `files:read`.' })
  file(@Arg('key', () => String, KEY_ARG) key: string): Promise<StoredFile> {
    return this.fileService.get(key);
  }

  @Authorized('files:read')
  @Query(() => [StoredFile], {
    description: 'Stored files whose key starts with `prefix` (a plain string prefix), by key. Needs `files:read`.',
  })
  files(
    @Arg('prefix', () => String, { nullable: true, description: 'Start of the keys, such as `runs/` or `geo`.' })
    prefix: string | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many files (1–${MAX_FILES}); ${DEFAULT_FILES} when absent.`,
    })
    first: number | null,
  ): Promise<StoredFile[]> {
    return this.fileService.list(prefix, first);
  }

  @Authorized('files:write')
  @Mutation(() => Boolean, { description: 'Deletes a stored file; NOT_FOUND when there is none. Needs `files:write`.' })
  deleteFile(@Arg('key', () => String, KEY_ARG) key: string): Promise<boolean> {
    return this.fileService.delete(key);
  }

  @FieldResolver(() => String, { description: 'The last segment of the key: the file name.' })
  name(@Root() file: Readonly<StoredFile>): string {
    return file.key.slice(file.key.lastIndexOf('/') + 1);
  }

  @Authorized('files:read')
  @FieldResolver(() => String, {
    description: 'The whole content, base64-encoded; prefer `downloadUrl` for large files. Needs `files:read`.',
  })
  contentBase64(@Root() file: Readonly<StoredFile>): Promise<string> {
    return this.fileService.contentBase64(file.key);
  }

  @Authorized('files:read')
  @FieldResolver(() => String, {
    description:
      'A link that a plain GET can fetch for FILE_URL_TTL_SECONDS, from where the client reached the gateway. ' +
      'Needs `files:read`.',
  })
  downloadUrl(@Root() file: Readonly<StoredFile>, @Ctx() ctx: DatabaseRequestContext): Promise<string> {
    return this.fileService.downloadUrl(file.key, ctx.publicOrigin ?? 'http://localhost');
  }
}
