import { z } from 'zod';
import { setting } from '@etl/kit';

/** Where stored files live and how they are handed out. */
export const fileSettings = {
  FILE_STORE: z
    .enum(['local', 's3'], { errorMap: () => ({ message: 'expected local or s3' }) })
    .default('local')
    .describe('`local` (a folder) or `s3` (an S3-compatible service: MinIO, Ceph, AWS S3, …)'),
  FILES_DIR: z.string().min(1).default('.data/files').describe("The local store's folder"),
  MAX_FILE_SIZE: setting
    .positiveInt(5 * 1024 * 1024 * 1024)
    .describe(
      'Largest stored file, in bytes: streamed uploads (`createUpload`) and files a run leaves under `out/` (`PAYLOAD_TOO_LARGE`)',
    ),
  MAX_INLINE_FILE_SIZE: setting
    .positiveInt(1024 * 1024)
    .describe(
      'Largest file sent or read as base64 inside GraphQL (`uploadFile`, `contentBase64`), in bytes; larger files stream through `createUpload` and `downloadUrl`',
    ),
  FILE_URL_TTL_SECONDS: setting.positiveInt(900).describe('How long a `downloadUrl` works, in seconds'),
  FILE_UPLOAD_TTL_SECONDS: setting
    .positiveInt(3600)
    .describe('How long the URLs `createUpload` answers may be used to start sending, in seconds'),
  FILE_URL_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters')
    .optional()
    .describe(
      "Key (32+ characters) signing the local store's links; every instance must share it. Unset: each process makes its own, and links die when it restarts",
    ),
  FILES_PUBLIC_URL: setting
    .url()
    .optional()
    .describe(
      "The gateway's public address (`https://etl.example.com`) for local links; unset, the address the client used to reach the gateway",
    ),
  S3_ENDPOINT: setting.url().optional().describe('S3-compatible endpoint (`http://minio:9000`); unset, AWS S3 itself'),
  S3_REGION: z.string().min(1).default('us-east-1').describe('Region to sign for'),
  S3_BUCKET: z
    .string()
    .min(3, 'expected a bucket name of 3–63 characters')
    .max(63)
    .optional()
    .describe('Bucket (required with `FILE_STORE=s3`)'),
  S3_ACCESS_KEY_ID: z
    .string()
    .min(1)
    .optional()
    .describe("Access key, with the secret below; unset, the SDK's default credentials (IAM role, …)"),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('Secret key'),
  S3_FORCE_PATH_STYLE: setting
    .boolean(true)
    .describe('Path-style addressing (`endpoint/bucket/key`), which MinIO-like services need'),
  S3_MULTIPART_THRESHOLD: setting
    .positiveInt(64 * 1024 * 1024)
    .describe(
      'With `FILE_STORE=s3`: `createUpload` answers one presigned PUT up to this size in bytes (5 GiB at most), a multipart upload above',
    ),
  S3_PUBLIC_ENDPOINT: setting
    .url()
    .optional()
    .describe('Endpoint presigned links use when clients reach the store elsewhere than the service does'),
};
