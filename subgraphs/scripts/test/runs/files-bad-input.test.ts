import { errorCodes, type GraphQLResponse, uniqueName } from '@etl/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { each, expectError, expectSuccess, type Cases } from '../support/bad-input-fixtures.js';
import { base64, must, useRunsStack } from '../support/runs-fixtures.js';

/**
 * Bad input to uploadFile, file, files and deleteFile through the real gateway: each refusal
 * gets its contract code and `extensions.field`, the request id and nothing internal, and stores
 * nothing. The admin token is used throughout so that permissions never decide.
 */

const MAX_FILE_SIZE = 1000;

/** Files with a first argument, which Files of runs.graphql does not take. */
const FILES_FIRST = `query FilesFirst($prefix: String, $first: Int) { files(prefix: $prefix, first: $first) { key } }`;

describe('files: bad input through the gateway', () => {
  const h = useRunsStack({ MAX_FILE_SIZE: String(MAX_FILE_SIZE) });
  let key: string;

  beforeAll(async () => {
    key = await h.upload('kept', 'kept.txt', 'bad-files');
  });

  /** Every key the store holds, by key. */
  const allKeys = async (): Promise<string[]> =>
    must(await h.stack.request(FILES_FIRST, { token: h.admin, variables: { first: 1000 } }), 'files').map(
      (f: { key: string }) => f.key,
    );

  const upload = (input: Record<string, unknown>) =>
    h.runs('UploadFile', { input: { filename: 'ok.txt', contentBase64: base64('ok'), ...input } });

  /** Every upload is refused with `code` on `field`, and the store holds the same keys as before. */
  async function refusedUploads(cases: Cases<Record<string, unknown>>, code: string, field: string | undefined) {
    const before = await allKeys();
    await each(cases, upload, (response, label) => expectError(response, code, `uploadFile ${label}`, field));
    expect(await allKeys()).toEqual(before);
  }

  describe('uploadFile', () => {
    it('refuses a bad file name with BAD_USER_INPUT on filename', async () => {
      const cases: Cases<Record<string, unknown>> = [
        ['".."', { filename: '..' }],
        ['"."', { filename: '.' }],
        ['an empty name', { filename: '' }],
        ['a slash', { filename: 'a/b' }],
        ['a backslash', { filename: 'a\\b' }],
        ['a newline', { filename: 'a\nb.txt' }],
        ['a NUL', { filename: 'a\u0000b.txt' }],
        ['a DEL', { filename: 'a\u007fb.txt' }],
        ['256 bytes', { filename: 'a'.repeat(256) }],
      ];
      await refusedUploads(cases, 'BAD_USER_INPUT', 'filename');
    });

    it('refuses a bad prefix with BAD_USER_INPUT on prefix', async () => {
      const cases: Cases<Record<string, unknown>> = [
        ['a leading slash', { prefix: '/x' }],
        ['a ".." segment', { prefix: '../x' }],
        ['".."', { prefix: '..' }],
        ['a backslash', { prefix: 'a\\b' }],
        ['a doubled slash', { prefix: 'a//b' }],
        ['a control character', { prefix: 'a\tb' }],
        ['an empty prefix', { prefix: '' }],
        [
          'a prefix that makes the key too long',
          { prefix: Array.from({ length: 5 }, () => 'p'.repeat(200)).join('/') },
        ],
      ];
      await refusedUploads(cases, 'BAD_USER_INPUT', 'prefix');
    });

    it('refuses content that is not padded standard base64 with BAD_USER_INPUT on contentBase64', async () => {
      const cases: Cases<Record<string, unknown>> = [
        ['"@@@"', { contentBase64: '@@@' }],
        ['"abc" (unpadded)', { contentBase64: 'abc' }],
        ['"a"', { contentBase64: 'a' }],
        ['URL-safe alphabet', { contentBase64: '-_-_' }],
        ['a space inside', { contentBase64: 'YW Jj' }],
        ['a newline inside', { contentBase64: 'YWJj\nYWJj' }],
        ['padding in the middle', { contentBase64: 'YQ==YQ==' }],
      ];
      await refusedUploads(cases, 'BAD_USER_INPUT', 'contentBase64');
    });

    it('refuses a content type that is not a MIME type with BAD_USER_INPUT on contentType', async () => {
      const cases: Cases<Record<string, unknown>> = [
        ['"not a type"', { contentType: 'not a type' }],
        ['no subtype', { contentType: 'text' }],
        ['a header injection', { contentType: 'text/plain\r\nX-Evil: 1' }],
        ['a NUL', { contentType: 'text/plain\u0000' }],
        ['300 characters', { contentType: `text/${'x'.repeat(295)}` }],
      ];
      await refusedUploads(cases, 'BAD_USER_INPUT', 'contentType');
    });

    it(`refuses a file over MAX_FILE_SIZE (${MAX_FILE_SIZE}) with PAYLOAD_TOO_LARGE and stores one of exactly that size`, async () => {
      await refusedUploads(
        [
          ['one byte over', { contentBase64: base64(Buffer.alloc(MAX_FILE_SIZE + 1, 7)) }],
          ['far over', { contentBase64: base64(Buffer.alloc(100_000, 7)) }],
        ],
        'PAYLOAD_TOO_LARGE',
        undefined,
      );
      const exact = Buffer.alloc(MAX_FILE_SIZE, 7);
      const response = await upload({ filename: 'exact.bin', contentBase64: base64(exact) });
      expectSuccess(response, 'exactly MAX_FILE_SIZE');
      expect(response.data?.uploadFile).toMatchObject({ size: MAX_FILE_SIZE, contentType: 'application/octet-stream' });
      const read = must(await h.runs('File', { key: response.data!.uploadFile.key }), 'file');
      expect(Buffer.from(read.contentBase64, 'base64').equals(exact)).toBe(true);
    });

    it('accepts the edge cases of a good upload: an empty file, a parameterised type, a trailing slash', async () => {
      const prefix = uniqueName('edges');
      const cases: Cases<Record<string, unknown>> = [
        ['an empty file', { prefix, filename: 'empty.txt', contentBase64: '' }],
        ['a content type with a charset', { prefix, contentType: 'text/csv; charset=utf-8', filename: 'a.csv' }],
        ['a prefix with a trailing slash', { prefix: `${prefix}/`, filename: 'slash.txt' }],
        ['a name that looks like "..."', { prefix, filename: '...' }],
      ];
      await each(cases, upload, (response, label) => {
        expectSuccess(response, label);
        expect.soft(response.data?.uploadFile?.key, label).toMatch(new RegExp(`^${prefix}/[^/]+/[^/]+$`));
      });
    });
  });

  describe('file and deleteFile', () => {
    const BAD_KEYS: Cases<string> = [
      ['a ".." segment', '../etc/passwd'],
      ['a ".." segment inside', 'bad-files/../kept.txt'],
      ['an absolute key', '/abs'],
      ['a backslash', 'a\\b'],
      ['a newline', 'a\nb'],
      ['a NUL', 'a\u0000b'],
      ['a doubled slash', 'a//b'],
      ['a trailing slash', 'a/'],
      ['an empty key', ''],
      ['1025 bytes', 'k'.repeat(1025)],
    ];

    it('refuses malformed keys with BAD_USER_INPUT on key, and deletes nothing', async () => {
      const before = await allKeys();
      for (const operation of ['File', 'DeleteFile']) {
        await each(
          BAD_KEYS,
          (bad) => h.runs(operation, { key: bad }),
          (response, label) => expectError(response, 'BAD_USER_INPUT', `${operation} ${label}`, 'key'),
        );
      }
      expect(await allKeys()).toEqual(before);
      expect(before).toContain(key);
    });

    it('answers a well-formed key that is not stored with NOT_FOUND', async () => {
      for (const operation of ['File', 'DeleteFile']) {
        await each(
          [
            ['an unknown key', 'bad-files/none/missing.txt'],
            ['a prefix of a stored key', key.slice(0, key.lastIndexOf('/'))],
          ] as Cases<string>,
          (missing) => h.runs(operation, { key: missing }),
          (response, label) => expectError(response, 'NOT_FOUND', `${operation} ${label}`),
        );
      }
    });
  });

  describe('files', () => {
    it('refuses first outside 1–1000 with BAD_USER_INPUT on first', async () => {
      const cases: Cases<number> = [
        ['first 0', 0],
        ['first -1', -1],
        ['first 1001', 1001],
      ];
      await each(
        cases,
        (first) => h.stack.request(FILES_FIRST, { token: h.admin, variables: { first } }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `files ${label}`, 'first'),
      );
      for (const first of [1, 1000]) {
        const response = await h.stack.request(FILES_FIRST, { token: h.admin, variables: { first } });
        expect(errorCodes(response), `first ${first}: ${response.text}`).toEqual([]);
      }
    });

    it('refuses a malformed prefix with BAD_USER_INPUT on prefix, and lists by any string prefix', async () => {
      const bad: Cases<string> = [
        ['a leading slash', '/x'],
        ['a ".." segment', '../x'],
        ['a backslash', 'a\\b'],
        ['a newline', 'a\nb'],
      ];
      await each(
        bad,
        (prefix) => h.runs('Files', { prefix }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `files ${label}`, 'prefix'),
      );
      const good: Array<[string, string, boolean]> = [
        ['the unfinished segment', 'bad-fi', true],
        ['the folder', 'bad-files/', true],
        ['an unfinished ".."', 'bad-files/..', false],
        ['no prefix', '', true],
      ];
      const responses: GraphQLResponse[] = await Promise.all(good.map(([, prefix]) => h.runs('Files', { prefix })));
      responses.forEach((response, i) => {
        const [label, , listed] = good[i]!;
        expectSuccess(response, label);
        const keys = (response.data?.files ?? []).map((f: { key: string }) => f.key);
        expect.soft(keys.includes(key), label).toBe(listed);
      });
    });
  });
});
