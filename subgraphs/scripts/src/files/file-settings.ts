import { z } from 'zod';
import { setting } from '@etl/kit';

/** Where stored files live and how they are handed out. */
export const fileSettings = {
  /** `local` keeps files in FILES_DIR; `s3` in an S3-compatible bucket (MinIO, Ceph, AWS S3, …). */
  FILE_STORE: z.enum(['local', 's3'], { errorMap: () => ({ message: 'expected local or s3' }) }).default('local'),
  /** The local store's folder. */
  FILES_DIR: z.string().min(1).default('.data/files'),
  /** The largest stored file, in bytes (uploads and files a run leaves under `out/`). */
  MAX_FILE_SIZE: setting.positiveInt(25 * 1024 * 1024),
  /** How long a `downloadUrl` works, in seconds. */
  FILE_URL_TTL_SECONDS: setting.positiveInt(900),
  /**
   * The key that signs the local store's download links (32 bytes or more). Every instance must
   * share it; unset, each process makes its own and links stop working when it restarts.
   */
  FILE_URL_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /**
   * The gateway's public address (`https://etl.example.com`) for local download links; unset, the
   * address the client used to reach the gateway, as the gateway forwards it.
   */
  FILES_PUBLIC_URL: setting.url().optional(),
  S3_ENDPOINT: setting.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3, 'expected a bucket name of 3–63 characters').max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO-like services need. */
  S3_FORCE_PATH_STYLE: setting.boolean(true),
  /** The endpoint clients reach for presigned links, when it differs from S3_ENDPOINT. */
  S3_PUBLIC_ENDPOINT: setting.url().optional(),
};
