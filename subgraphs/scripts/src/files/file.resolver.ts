import { requireCaller, type DatabaseRequestContext } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runFileAccess } from '../runs/run-access.js';
import { assertFileKey } from './file-keys.js';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CompleteUploadInput, CreateUploadInput } from './create-upload.input.js';
import { DEFAULT_FILES, MAX_FILES, type FileService } from './file.service.js';
import type { UploadTarget as StoreUploadTarget } from './store/file-store.js';
import { StoredFile } from './stored-file.type.js';
import { UploadFileInput } from './upload-file.input.js';
import { type HttpHeader, UploadTarget } from './upload-target.type.js';

const KEY_ARG = { description: 'The key, such as `uploads/0193…/wells.csv`.' };

@Resolver(() => StoredFile)
export class FileResolver {
  constructor(private readonly fileService: FileService) {}

  @Authorized('files:write')
  @Mutation(() => StoredFile, {
    description:
      'Stores a small file sent as base64 under `prefix/<unique id>/<filename>` (the original name survives, for ' +
      '`in/<name>` in runs). Capped at MAX_INLINE_FILE_SIZE (1 MiB by default): stream larger files with ' +
      '`createUpload`. Needs `files:write`.',
  })
  uploadFile(
    @Arg('input', () => UploadFileInput, { description: 'The file.' }) input: UploadFileInput,
  ): Promise<StoredFile> {
    return this.fileService.upload(input);
  }

  @Authorized('files:write')
  @Mutation(() => UploadTarget, {
    description:
      'Starts a streamed upload of a file of `size` bytes (at most MAX_FILE_SIZE) under ' +
      '`prefix/<unique id>/<filename>`: answers where to PUT the content (the gateway for the local store, ' +
      'presigned store URLs for S3). Needs `files:write`.',
  })
  async createUpload(
    @Arg('input', () => CreateUploadInput, { description: 'The file to come.' }) input: CreateUploadInput,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<UploadTarget> {
    return toUploadTarget(await this.fileService.createUpload(input, ctx.publicOrigin ?? 'http://localhost'));
  }

  @Authorized('files:write')
  @Mutation(() => StoredFile, {
    description:
      'Finishes a multipart upload: the parts must be every part `createUpload` gave, numbered 1 to n in order, ' +
      'with the ETags their PUTs answered (BAD_USER_INPUT on `parts` otherwise). Needs `files:write`.',
  })
  completeUpload(
    @Arg('input', () => CompleteUploadInput, { description: 'The upload and its parts.' }) input: CompleteUploadInput,
  ): Promise<StoredFile> {
    return this.fileService.completeUpload(input);
  }

  @Authorized('files:write')
  @Mutation(() => Boolean, {
    description: 'Drops a multipart upload and the parts sent; NOT_FOUND when there is none. Needs `files:write`.',
  })
  abortUpload(
    @Arg('key', () => String, KEY_ARG) key: string,
    @Arg('uploadId', () => String, { description: 'The `multipart.uploadId` `createUpload` answered.' })
    uploadId: string,
  ): Promise<boolean> {
    return this.fileService.abortUpload(key, uploadId);
  }

  @Authorized('files:read')
  @Query(() => StoredFile, {
    description:
      "A stored file by key. Needs `files:read`; a run's files (`runs/<run id>/…`) only for its starter and holders " +
      'of `scripts:admin` or `runs:read`.',
  })
  async file(@Arg('key', () => String, KEY_ARG) key: string, @Ctx() ctx: DatabaseRequestContext): Promise<StoredFile> {
    assertFileKey(key);
    await runFileAccess.requireReadable(ctx.em as EntityManager, requireCaller(ctx), key);
    return this.fileService.get(key);
  }

  @Authorized('files:read')
  @Query(() => [StoredFile], {
    description:
      'Stored files whose key starts with `prefix` (a plain string prefix), by key. Needs `files:read`. The files ' +
      "of runs (`runs/<run id>/…`) are listed only to holders of `scripts:admin` or `runs:read`, and to a run's " +
      'starter with the prefix `runs/<run id>/`.',
  })
  files(
    @Arg('prefix', () => String, { nullable: true, description: 'Start of the keys, such as `runs/` or `geo`.' })
    prefix: string | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many files (1–${MAX_FILES}); ${DEFAULT_FILES} when absent.`,
    })
    first: number | null,
    @Ctx() ctx: DatabaseRequestContext,
  ): Promise<StoredFile[]> {
    const caller = requireCaller(ctx);
    return this.fileService.list(prefix, first, (checked) =>
      runFileAccess.listing(ctx.em as EntityManager, caller, checked),
    );
  }

  @Authorized('files:write')
  @Mutation(() => Boolean, {
    description:
      "Deletes a stored file; NOT_FOUND when there is none. Needs `files:write`; a run's files also " +
      '`scripts:admin` (they go with their run: `deleteScriptRun`).',
  })
  deleteFile(@Arg('key', () => String, KEY_ARG) key: string, @Ctx() ctx: DatabaseRequestContext): Promise<boolean> {
    assertFileKey(key);
    runFileAccess.requireDeletable(requireCaller(ctx), key);
    return this.fileService.delete(ctx.em, key, ctx);
  }

  @FieldResolver(() => String, { description: 'The last segment of the key: the file name.' })
  name(@Root() file: Readonly<StoredFile>): string {
    return file.key.slice(file.key.lastIndexOf('/') + 1);
  }

  @Authorized('files:read')
  @FieldResolver(() => String, {
    description:
      'The whole content, base64-encoded, for files up to MAX_INLINE_FILE_SIZE (PAYLOAD_TOO_LARGE above: use ' +
      '`downloadUrl`). Needs `files:read`.',
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

function headerList(headers: Record<string, string>): HttpHeader[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function toUploadTarget(target: StoreUploadTarget): UploadTarget {
  if (target.kind === 'single') {
    const { key, url, headers, expiresAt } = target;
    return { key, url, headers: headerList(headers), expiresAt, multipart: null };
  }
  const { key, expiresAt, uploadId, partSize, parts } = target;
  return {
    key,
    url: null,
    headers: [],
    expiresAt,
    multipart: {
      uploadId,
      partSize,
      parts: parts.map((part) => ({ ...part, headers: headerList(part.headers) })),
    },
  };
}
