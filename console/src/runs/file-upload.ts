import type { ApolloClient } from '@apollo/client';
import { ApiProblemError, type ApiProblem } from '../api/api-problem';
import { AbortUploadMutation, CompleteUploadMutation, CreateUploadMutation } from './file-upload.operations';

/** Where uploaded run inputs go: `console-uploads/<unique id>/<file name>`. */
export const UPLOAD_PREFIX = 'console-uploads';

interface HttpHeader {
  name: string;
  value: string;
}

/**
 * What a refused PUT answered, as a problem: the file routes answer `{ error, code }` (see
 * docs/files.md); a store's own refusal (S3) has only its status.
 */
function refusal(xhr: XMLHttpRequest, requestId: string): ApiProblem {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: unknown; code?: unknown };
    if (typeof body.error === 'string' && typeof body.code === 'string')
      return { message: `The upload was refused: ${body.error}`, code: body.code, requestId };
  } catch {
    // Not the file routes' JSON: described by the status below.
  }
  return { message: `The upload was refused with status ${xhr.status}`, code: 'UPLOAD_FAILED', requestId };
}

/**
 * One PUT of `body`, reporting bytes sent as they go (fetch reports no upload progress, hence
 * XMLHttpRequest). Resolves with the answer's ETag (multipart parts need it).
 */
function put(url: string, headers: HttpHeader[], body: Blob, onSent: (bytes: number) => void): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const requestId = crypto.randomUUID();
    xhr.open('PUT', url);
    for (const header of headers) xhr.setRequestHeader(header.name, header.value);
    if (new URL(url, window.location.href).origin === window.location.origin)
      xhr.setRequestHeader('x-request-id', requestId);
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.getResponseHeader('etag'));
      reject(new ApiProblemError([refusal(xhr, requestId)]));
    };
    xhr.onerror = () => reject(new Error('the file could not be sent'));
    xhr.send(body);
  });
}

/**
 * Stores a file the way docs/files.md describes: `createUpload`, then the content by PUT (one,
 * or one per part and `completeUpload`, aborting the upload when a part fails). Reports the
 * fraction sent, and answers the key, ready to be picked as a run's input file.
 */
export async function uploadFile(
  client: ApolloClient,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<string> {
  const { data } = await client.mutate({
    mutation: CreateUploadMutation,
    variables: {
      input: { prefix: UPLOAD_PREFIX, filename: file.name, contentType: file.type || null, size: file.size },
    },
  });
  const target = data!.createUpload;
  const total = Math.max(file.size, 1);
  if (target.url) {
    await put(target.url, target.headers, file, (sent) => onProgress(sent / total));
  } else if (target.multipart) {
    const { uploadId, parts } = target.multipart;
    const sent = new Map<number, number>();
    const report = (partNumber: number, bytes: number) => {
      sent.set(partNumber, bytes);
      onProgress([...sent.values()].reduce((sum, one) => sum + one, 0) / total);
    };
    try {
      const completed = [];
      // One part after another: a browser's upload bandwidth gains nothing from more.
      for (const part of parts) {
        const body = file.slice(part.offset, part.offset + part.size);
        const etag = await put(part.url, part.headers, body, (bytes) => report(part.partNumber, bytes));
        report(part.partNumber, part.size);
        if (!etag) throw new Error('the store did not answer the ETag of a part (its CORS settings must expose it)');
        completed.push({ partNumber: part.partNumber, etag });
      }
      await client.mutate({
        mutation: CompleteUploadMutation,
        variables: { input: { key: target.key, uploadId, size: file.size, parts: completed } },
      });
    } catch (error) {
      await client.mutate({ mutation: AbortUploadMutation, variables: { key: target.key, uploadId } }).catch(() => {
        // The upload failed already; that error is the one to show.
      });
      throw error;
    }
  }
  onProgress(1);
  return target.key;
}
