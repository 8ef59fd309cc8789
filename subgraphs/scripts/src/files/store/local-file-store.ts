import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import {
  type FileHandle,
  access,
  link,
  mkdir,
  open,
  readFile,
  realpath,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ConfigError, UserInputError } from '@etl/kit';
import { assertFileKey, assertFilePrefix } from '../file-keys.js';
import type { LinkSigner } from './link-signature.js';
import type {
  CompletedPart,
  DownloadUrlOptions,
  FileStore,
  StoredFileInfo,
  UploadRequest,
  UploadTarget,
} from './file-store.js';
import {
  collectKeys,
  errorCode,
  existingPath,
  isMissing,
  keyTaken,
  placeInTree,
  removeEmptyFolders,
  removeStaleStagedFiles,
} from './local-file-tree.js';
import { streamToNewFile } from './stream-to-new-file.js';

/** The content given to `put` was not the size announced: `received` is the count, or `more`. */
export class ContentSizeError extends Error {
  constructor(
    readonly expected: number,
    readonly received: number | 'more',
  ) {
    super(`Expected ${expected} bytes of file content, got ${received}`);
  }
}

const WRITE_BATCH_BYTES = 1024 * 1024;

/** The real paths of the store's three folders. */
interface Folders {
  objects: string;
  meta: string;
  temp: string;
}

/** What `<root>/meta/<key>` holds. */
interface StoredMeta {
  contentType: string;
  createdAt: string;
  size: number;
}

/**
 * Files under a folder: the content at `<root>/objects/<key>`, its metadata at `<root>/meta/<key>`
 * (two trees, so no key can collide with metadata, and a 255-byte name needs no suffix), and
 * writes staged in `<root>/tmp`, on the same filesystem so that committing is a link or rename.
 *
 * A put links the content into place (failing if the key exists: keys are unique, a clash is a
 * bug), then renames the metadata in, which makes the file visible; a delete removes the metadata
 * first. Like a filesystem, and unlike S3, `a` and `a/b` cannot both exist: a ConflictError.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';
  readonly root: string;
  private folders: Promise<Folders> | null = null;

  constructor(
    root: string,
    private readonly signer: LinkSigner,
  ) {
    this.root = resolve(root);
  }

  async verify(): Promise<void> {
    try {
      const folders = await this.ready();
      await Promise.all([access(folders.objects, constants.W_OK), access(folders.meta, constants.W_OK)]);
      const probe = join(folders.temp, `probe-${randomUUID()}`);
      await writeFile(probe, '', { flag: 'wx' });
      await unlink(probe);
      await removeStaleStagedFiles(folders.temp);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigError([`FILES_DIR: cannot store files in ${this.root} (${reason})`]);
    }
  }

  async put(key: string, content: Buffer | Readable, contentType: string, size: number): Promise<StoredFileInfo> {
    assertFileKey(key);
    const folders = await this.ready();
    const staged = join(folders.temp, randomUUID());
    const stagedMeta = `${staged}.json`;
    const createdAt = new Date();
    try {
      await writeContent(staged, content, size);
      const meta: StoredMeta = { contentType, createdAt: createdAt.toISOString(), size };
      const metaBytes = Buffer.from(JSON.stringify(meta));
      await writeContent(stagedMeta, metaBytes, metaBytes.length);
      const object = await placeInTree(folders.objects, key, async (target) => {
        try {
          await link(staged, target);
        } catch (error) {
          if (errorCode(error) === 'EEXIST') throw keyTaken(key);
          throw error;
        }
      });
      try {
        await placeInTree(folders.meta, key, (target) => rename(stagedMeta, target));
      } catch (error) {
        await rm(object, { force: true });
        throw error;
      }
      return { key, size, contentType, createdAt };
    } catch (error) {
      if (!Buffer.isBuffer(content)) content.destroy();
      throw error;
    } finally {
      await Promise.all([rm(staged, { force: true }), rm(stagedMeta, { force: true })]);
    }
  }

  async head(key: string): Promise<StoredFileInfo | null> {
    assertFileKey(key);
    const path = await existingPath((await this.ready()).meta, key);
    if (!path) return null;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const meta = JSON.parse(text) as StoredMeta;
    return { key, size: meta.size, contentType: meta.contentType, createdAt: new Date(meta.createdAt) };
  }

  /** The file's info and an open handle on its content, or null; the caller closes the handle. */
  async open(key: string): Promise<{ info: StoredFileInfo; handle: FileHandle } | null> {
    const info = await this.head(key);
    const path = info && (await existingPath((await this.ready()).objects, key));
    if (!info || !path) return null;
    try {
      return { info, handle: await open(path, constants.O_RDONLY | constants.O_NOFOLLOW) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const opened = await this.open(key);
    if (!opened) return null;
    try {
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  async copyToFile(key: string, destination: string): Promise<boolean> {
    const opened = await this.open(key);
    if (!opened) return false;
    // The stream closes the handle when it ends or fails.
    await streamToNewFile(opened.handle.createReadStream(), destination);
    return true;
  }

  async list(prefix: string, limit: number, exclude?: string): Promise<StoredFileInfo[]> {
    assertFilePrefix(prefix);
    if (limit <= 0) return [];
    const meta = (await this.ready()).meta;
    const cut = prefix.lastIndexOf('/') + 1;
    const folderKey = prefix.slice(0, cut);
    const folder = folderKey ? await existingPath(meta, folderKey.slice(0, -1)) : meta;
    const keys: string[] = [];
    if (folder) await collectKeys(folder, folderKey, prefix.slice(cut), keys, limit, exclude);
    const infos = await Promise.all(keys.map((key) => this.head(key)));
    return infos.filter((info) => info !== null);
  }

  async delete(key: string): Promise<boolean> {
    assertFileKey(key);
    const folders = await this.ready();
    const metaPath = await existingPath(folders.meta, key);
    if (!metaPath) return false;
    try {
      await unlink(metaPath);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    const objectPath = await existingPath(folders.objects, key);
    if (objectPath) await rm(objectPath, { force: true });
    // Every upload has a folder of its own: without this, deleted uploads would leave them all.
    await Promise.all([removeEmptyFolders(folders.meta, key), removeEmptyFolders(folders.objects, key)]);
    return true;
  }

  async downloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    assertFileKey(key);
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    return `${fileUrl(key, options)}?expires=${expires}&signature=${this.signer.sign(key, expires)}`;
  }

  /**
   * A signed `PUT /files/<key>` on the gateway's public address: the gateway relays the body to
   * this service's upload route, which streams it into `put`. The signature binds the key, the
   * exact size and the content type, so the link stores that one file and nothing else.
   */
  async createUpload(upload: UploadRequest, options: DownloadUrlOptions): Promise<UploadTarget> {
    assertFileKey(upload.key);
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    const grant = { ...upload, expires };
    const query = new URLSearchParams({
      expires: String(expires),
      size: String(upload.size),
      type: upload.contentType,
      signature: this.signer.signUpload(grant),
    });
    return {
      kind: 'single',
      key: upload.key,
      expiresAt: new Date(expires * 1000),
      url: `${fileUrl(upload.key, options)}?${query.toString()}`,
      headers: { 'Content-Type': upload.contentType },
    };
  }

  /** A local upload is one PUT, complete when it answers: there is never a multipart upload. */
  async completeUpload(key: string, _uploadId: string, _parts: CompletedPart[]): Promise<StoredFileInfo> {
    assertFileKey(key);
    throw new UserInputError('The local file store has no multipart uploads: the PUT stores the file', 'uploadId');
  }

  /** A cut or refused PUT leaves nothing behind, so there is never anything to abort. */
  async abortUpload(key: string): Promise<boolean> {
    assertFileKey(key);
    return false;
  }

  /** Makes the three folders once and remembers their real paths (the root may be a symlink). */
  private ready(): Promise<Folders> {
    this.folders ??= (async () => {
      const make = async (name: string) => {
        const folder = join(this.root, name);
        await mkdir(folder, { recursive: true });
        return realpath(folder);
      };
      return { objects: await make('objects'), meta: await make('meta'), temp: await make('tmp') };
    })();
    this.folders.catch(() => (this.folders = null));
    return this.folders;
  }
}

/** `https://gateway/files/<key, escaped segment by segment>`. */
function fileUrl(key: string, options: DownloadUrlOptions): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  return `${options.publicOrigin.replace(/\/+$/, '')}/files/${path}`;
}

/**
 * Writes and syncs exactly `size` bytes to a new file, chunk by chunk as they arrive (a stream is
 * never held whole); more or fewer is a ContentSizeError, found as soon as it happens.
 */
async function writeContent(path: string, content: Buffer | Readable, size: number): Promise<void> {
  const file = await open(path, 'wx');
  let written = 0;
  // A socket delivers 16–64 KiB at a time: gathered into writes of WRITE_BATCH_BYTES, a GiB takes
  // a thousand trips to the thread pool rather than tens of thousands.
  let batch: Buffer[] = [];
  let batched = 0;
  const flush = async () => {
    if (batched) await file.writeFile(batch.length === 1 ? batch[0]! : Buffer.concat(batch, batched));
    batch = [];
    batched = 0;
  };
  try {
    for await (const chunk of Buffer.isBuffer(content) ? [content] : content) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      written += bytes.length;
      if (written > size) throw new ContentSizeError(size, 'more');
      batch.push(bytes);
      batched += bytes.length;
      if (batched >= WRITE_BATCH_BYTES) await flush();
    }
    await flush();
    if (written !== size) throw new ContentSizeError(size, written);
    // Durable before it becomes visible: a crash must not leave a visible file with holes.
    await file.sync();
  } finally {
    await file.close();
  }
}
