import { ErrorCode, UserInputError } from '@etl/kit';
import { describe, expect, it } from 'vitest';
import {
  assertFileKey,
  assertFileName,
  assertFilePrefix,
  attachmentDisposition,
  contentTypeFor,
  fileBaseName,
  isFileKey,
  newUploadKey,
  uuidV7,
} from '../../src/files/file-keys.js';

/** The error a check throws, for matching its code, field and message. */
function thrown(check: () => void): UserInputError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error('expected the check to throw');
}

const badInput = (field: string) => ({ extensions: { code: ErrorCode.BAD_USER_INPUT, field } });

describe('file keys', () => {
  it('accepts keys of safe segments, unicode and spaces included', () => {
    for (const key of [
      'a',
      'uploads/0190a0b2-7c3e-7000-8000-000000000000/report.csv',
      'geo/été 2024/carte (1).geojson',
      'a/..b/c..',
      '.hidden/.../x',
      '文件/😀.txt',
      `${'s'.repeat(255)}/x`,
      `${'k'.repeat(200)}/`.repeat(4) + 'z'.repeat(220),
    ]) {
      expect(() => assertFileKey(key), key).not.toThrow();
      expect(isFileKey(key)).toBe(true);
    }
  });

  it.each([
    ['a parent segment', '../etc/passwd', /"\.\." segment/],
    ['a parent segment inside', 'a/../b', /"\.\." segment/],
    ['a current segment', 'a/./b', /"\." segment/],
    ['a lone dot', '.', /"\." segment/],
    ['a leading slash', '/a/b', /empty segment/],
    ['a trailing slash', 'a/b/', /empty segment/],
    ['a doubled slash', 'a//b', /empty segment/],
    ['nothing', '', /empty segment/],
    ['a backslash', 'a\\b', /backslash/],
    ['a newline', 'a\nb', /control character/],
    ['a tab', 'a\tb', /control character/],
    ['a NUL', 'a\u0000b', /control character/],
    ['a DEL', 'a\u007fb', /control character/],
    ['a C1 control (NEL)', 'a\u0085b', /control character/],
    ['an unpaired surrogate', 'a\ud800b', /unpaired surrogate/],
    ['a 256-byte segment', `a/${'s'.repeat(256)}`, /segment longer than 255 bytes/],
    ['a 256-byte segment of 2-byte letters', `a/${'é'.repeat(128)}`, /segment longer than 255 bytes/],
    ['a 1025-byte key', `${'k'.repeat(200)}/`.repeat(4) + 'z'.repeat(221), /longer than 1024 bytes/],
  ])('refuses a key with %s', (_, key, reason) => {
    const error = thrown(() => assertFileKey(key, 'files'));
    expect(error).toMatchObject(badInput('files'));
    expect(error.message).toMatch(reason);
    expect(isFileKey(key)).toBe(false);
  });

  it('names the field "key" unless told otherwise, and quotes long keys shortened', () => {
    expect(thrown(() => assertFileKey('a//b'))).toMatchObject(badInput('key'));
    const message = thrown(() => assertFileKey(`${'x'.repeat(2000)}\n`)).message;
    expect(message.length).toBeLessThan(200);
  });
});

describe('file prefixes', () => {
  it('accepts any string prefix of a valid key', () => {
    for (const prefix of ['', 'g', 'geo', 'geo/', 'geo/ét', 'uploads/0190', 'a/.', 'a/..', 'a/..b/']) {
      expect(() => assertFilePrefix(prefix), prefix).not.toThrow();
    }
  });

  it.each([
    ['a parent segment', '../', /"\.\." segment/],
    ['a parent segment inside', 'a/../', /"\.\." segment/],
    ['a current segment', './a', /"\." segment/],
    ['only a slash', '/', /empty segment/],
    ['a leading slash', '/geo', /empty segment/],
    ['a doubled slash', 'geo//', /empty segment/],
    ['a backslash', 'geo\\', /backslash/],
    ['a NUL', 'geo\u0000', /control character/],
    ['a C1 control (NEL)', 'geo\u0085', /control character/],
    ['a 256-byte unfinished segment', `geo/${'s'.repeat(256)}`, /segment longer than 255 bytes/],
    ['1025 bytes', 'k'.repeat(1025), /longer than 1024 bytes/],
  ])('refuses a prefix with %s', (_, prefix, reason) => {
    const error = thrown(() => assertFilePrefix(prefix));
    expect(error).toMatchObject(badInput('prefix'));
    expect(error.message).toMatch(reason);
  });
});

describe('file names', () => {
  it('accepts one segment and refuses anything else, naming the filename field', () => {
    expect(() => assertFileName('résumé (1).pdf')).not.toThrow();
    for (const name of ['a/b', '', '.', '..', 'a\\b', 'a\nb', 'n'.repeat(256)]) {
      expect(
        thrown(() => assertFileName(name)),
        name,
      ).toMatchObject(badInput('filename'));
    }
  });
});

describe('upload keys', () => {
  it('puts each upload in a fresh folder that keeps its name, under uploads by default', () => {
    const key = newUploadKey(undefined, 'data.csv');
    expect(key).toMatch(/^uploads\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/data\.csv$/);
    expect(newUploadKey('geo/2024', 'carte.geojson')).toMatch(/^geo\/2024\/[0-9a-f-]{36}\/carte\.geojson$/);
    expect(newUploadKey('geo/', 'a.txt')).toMatch(/^geo\/[0-9a-f-]{36}\/a\.txt$/);
    expect(newUploadKey(undefined, 'x')).not.toBe(newUploadKey(undefined, 'x'));
    expect(fileBaseName(newUploadKey('a/b', 'été.txt'))).toBe('été.txt');
  });

  it('makes folders that sort by creation time', () => {
    const earlier = uuidV7(Date.UTC(2024, 0, 1));
    const later = uuidV7(Date.UTC(2024, 0, 1) + 1);
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('018cc251-f400');
  });

  it('blames the prefix or the file name, whichever is wrong', () => {
    expect(thrown(() => newUploadKey('../x', 'a.txt'))).toMatchObject(badInput('prefix'));
    expect(thrown(() => newUploadKey('', 'a.txt'))).toMatchObject(badInput('prefix'));
    expect(thrown(() => newUploadKey('geo', '../a.txt'))).toMatchObject(badInput('filename'));
    expect(thrown(() => newUploadKey('geo', 'a/b.txt'))).toMatchObject(badInput('filename'));
    const long = `${'p'.repeat(250)}/`.repeat(3) + 'p'.repeat(100);
    expect(newUploadKey(long, 'f'.repeat(133))).toHaveLength(1024);
    const error = thrown(() => newUploadKey(long, 'f'.repeat(134)));
    expect(error).toMatchObject(badInput('prefix'));
    expect(error.message).toMatch(/key of 1025 bytes; the limit is 1024/);
  });

  it('takes the base name of a key', () => {
    expect(fileBaseName('a/b/c.txt')).toBe('c.txt');
    expect(fileBaseName('c.txt')).toBe('c.txt');
  });
});

describe('content types', () => {
  it('keeps a well-formed type the client gave, parameters included', () => {
    expect(contentTypeFor('a.bin', 'text/csv')).toBe('text/csv');
    expect(contentTypeFor('a.bin', ' text/plain; charset=utf-8 ')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('a.bin', 'multipart/mixed; boundary="a b"')).toBe('multipart/mixed; boundary="a b"');
    expect(contentTypeFor('a.bin', 'application/vnd.api+json')).toBe('application/vnd.api+json');
  });

  it('guesses from the extension when none is given, else falls back to octet-stream', () => {
    expect(contentTypeFor('data.csv')).toBe('text/csv');
    expect(contentTypeFor('DATA.JSON', '')).toBe('application/json');
    expect(contentTypeFor('map.geojson', null)).toBe('application/geo+json');
    expect(contentTypeFor('notes')).toBe('application/octet-stream');
    expect(contentTypeFor('archive.unknownext')).toBe('application/octet-stream');
  });

  it.each([
    'text',
    'text/',
    '/csv',
    'text/csv\r\nX-Evil: 1',
    'text/csv; a',
    'text/csv;\na=b',
    `text/${'x'.repeat(260)}`,
  ])('refuses the malformed type %#, naming contentType', (given) => {
    expect(thrown(() => contentTypeFor('a.csv', given))).toMatchObject(badInput('contentType'));
  });
});

describe('download disposition', () => {
  it('names the attachment by the base name, encoded per RFC 8187', () => {
    expect(attachmentDisposition("a/b/l'été (1)*.txt")).toBe(
      "attachment; filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29%2A.txt",
    );
  });
});
