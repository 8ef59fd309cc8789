import { randomBytes } from 'node:crypto';
import { ConfigError, type HttpService, type Logger } from '@etl/kit';
import type { ScriptsConfig } from '../../config.js';
import { mountDownloadRoute } from './download-route.js';
import { LinkSigner } from './link-signature.js';
import { mountUploadRoute } from './upload-route.js';
import type { FileStore } from './file-store.js';
import { LocalFileStore } from './local-file-store.js';
import { S3FileStore, type S3FileStoreOptions } from './s3-file-store.js';

export type FileStoreConfig = Pick<
  ScriptsConfig,
  | 'FILE_STORE'
  | 'FILES_DIR'
  | 'FILE_URL_SECRET'
  | 'FILE_URL_TTL_SECONDS'
  | 'FILE_UPLOAD_TTL_SECONDS'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
  | 'S3_PUBLIC_ENDPOINT'
  | 'S3_MULTIPART_THRESHOLD'
>;

export interface OpenedFileStore {
  store: FileStore;
  /** Mounts what the store needs on the subgraph's HTTP server: the local store's download and upload routes. */
  mountRoutes(service: HttpService): void;
  /** Releases connections (the S3 client's); call after requests have drained. */
  close(): Promise<void>;
}

/**
 * The configured file store. Nothing is touched here: call `store.verify()` at start so that a
 * folder or bucket that cannot be used stops the service with a clear message.
 */
export function openFileStore(config: FileStoreConfig, logger?: Logger): OpenedFileStore {
  if (config.FILE_STORE === 's3') {
    const store = new S3FileStore(s3Options(config));
    return { store, mountRoutes: () => {}, close: async () => store.destroy() };
  }
  // No link we hand out lives longer than its kind's lifetime: a later expiry is forged.
  const signer = new LinkSigner(config.FILE_URL_SECRET ?? randomBytes(32), {
    downloadSeconds: config.FILE_URL_TTL_SECONDS,
    uploadSeconds: config.FILE_UPLOAD_TTL_SECONDS,
  });
  if (!config.FILE_URL_SECRET) {
    logger?.warn(
      'FILE_URL_SECRET is unset: download and upload links are signed with a key of this process only, so they stop ' +
        'working when it restarts and are refused by other instances',
    );
  }
  const store = new LocalFileStore(config.FILES_DIR, signer);
  const mountRoutes = (service: HttpService) => {
    mountUploadRoute(service, store, signer, logger);
    mountDownloadRoute(service, store, signer);
  };
  return { store, mountRoutes, close: async () => {} };
}

function s3Options(config: FileStoreConfig): S3FileStoreOptions {
  const problems: string[] = [];
  if (!config.S3_BUCKET) problems.push('S3_BUCKET: required when FILE_STORE is s3 (unset)');
  // One key without the other is a typo, not a wish to use the SDK's default credentials.
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    const [given, missing] = config.S3_ACCESS_KEY_ID
      ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']
      : ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'];
    problems.push(`${missing}: required with ${given} (unset)`);
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    bucket: config.S3_BUCKET as string,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    publicEndpoint: config.S3_PUBLIC_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    multipartThresholdBytes: config.S3_MULTIPART_THRESHOLD,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}
