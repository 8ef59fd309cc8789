import { randomUUID } from 'node:crypto';
import { MAX_VARIABLE_DEPTH } from '@etl/kit';
import { errorCodes, type GraphQLResponse } from '@etl/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { each, expectError, expectNoLeaks, type Cases } from '../support/bad-input-fixtures.js';
import { useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * Bad input to runScript, scriptRun and scriptRuns through the real gateway: each refusal gets its
 * contract code (and `extensions.field` where the input names one), the request id and nothing
 * internal, and stores no run. The admin token is used throughout so that permissions never decide.
 */

const INPUT_LIMIT = 4096;
/** How deep an input may nest (the kit's input guard). */
const MAX_DEPTH = MAX_VARIABLE_DEPTH;

/** An object holding `levels - 1` nested lists: `levels` levels deep. */
const nested = (levels: number): unknown => ({ a: JSON.parse(`${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}`) });

const ECHO = 'def main(data):\n    return {"got": data}\n';
const RUN_SCRIPT = 'mutation($path: String!, $input: JSON) { runScript(path: $path, input: $input) { id } }';

describe('runs: bad input through the gateway', () => {
  const h = useRunsStack({ SCRIPT_INPUT_BYTES: String(INPUT_LIMIT) });
  let echo: ScriptRef;
  let key: string;

  beforeAll(async () => {
    echo = await h.newScript(ECHO, 'echo');
    key = await h.upload('a,b\n1,2\n', 'data.csv', 'bad-input');
  });

  const runScript = (variables: Record<string, unknown>) =>
    h.runs('RunScript', { path: echo.logicalPath, ...variables });

  /** Every case is refused, and the database holds no more runs than before. */
  async function refusedWithoutRuns<T>(
    cases: Cases<T>,
    send: (value: T) => Promise<GraphQLResponse>,
    code: string,
    field: string | undefined,
  ) {
    const before = await h.storedRuns();
    await each(cases, send, (response, label) => expectError(response, code, label, field));
    expect(await h.storedRuns()).toBe(before);
  }

  describe('runScript', () => {
    it('refuses an input that is not a JSON object with BAD_USER_INPUT on input', async () => {
      const cases: Cases<unknown> = [
        ['an array', [1, 2]],
        ['an empty array', []],
        ['a string', 'text'],
        ['a number', 42],
        ['true', true],
        ['false', false],
      ];
      await refusedWithoutRuns(cases, (input) => runScript({ input }), 'BAD_USER_INPUT', 'input');
    });

    it('refuses a NUL or an unpaired surrogate in an input key, at any depth, with BAD_USER_INPUT on input', async () => {
      // jsonb refuses both in keys as in values (an INTERNAL_SERVER_ERROR once): the kit's guard checks keys too.
      const cases: Cases<unknown> = [
        ['a NUL in a top-level key', { 'a\u0000b': 1 }],
        ['a NUL in a nested key', { outer: { 'in\u0000ner': 1 } }],
        ['a NUL in a key inside a list', { rows: [{ '\u0000': 1 }] }],
        ['an unpaired high surrogate', { '\ud800': 1 }],
        ['an unpaired low surrogate in a nested key', { outer: { '\udc00x': 1 } }],
        ['a surrogate pair cut in two', { rows: [{ ['\ud83d\ude00'.slice(0, 1)]: 1 }] }],
      ];
      await refusedWithoutRuns(cases, (input) => runScript({ input }), 'BAD_USER_INPUT', 'input');
      const script = await h.newScript(ECHO, 'emoji-key');
      expect(await h.run(script.logicalPath, { input: { '😀': 'ok' } })).toMatchObject({
        status: 'SUCCEEDED',
        result: { got: { '😀': 'ok' } },
      });
    });

    it(`refuses an input nested deeper than ${MAX_DEPTH} levels with BAD_USER_INPUT on input`, async () => {
      // Python's json reader stops near 1,000 levels (the bootstrap failed, and its traceback with
      // the machine's paths was stored), and the gateway's JSON.stringify near 5,000.
      const cases: Cases<unknown> = [
        [`${MAX_DEPTH + 1} levels`, nested(MAX_DEPTH + 1)],
        ['1,500 levels', nested(1500)],
        ['objects 200 levels deep', Array.from({ length: 199 }).reduce<object>((inner) => ({ a: inner }), {})],
      ];
      await refusedWithoutRuns(cases, (input) => runScript({ input }), 'BAD_USER_INPUT', 'input');
      // Deeper than JSON.stringify itself can go (about 5,000 levels), written out by hand: the
      // gateway refuses it before its own code would walk it.
      const depth = 20_000;
      const body = `{"query":${JSON.stringify(RUN_SCRIPT)},"variables":{"path":"${echo.logicalPath}","input":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
      const raw = await fetch(h.stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.admin}` },
        body,
      });
      const answer = (await raw.json()) as GraphQLResponse;
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
      const script = await h.newScript('def main(data):\n    return {"ok": True}\n', 'deep');
      const run = await h.run(script.logicalPath, { input: nested(MAX_DEPTH) });
      expect(run, run.stderr).toMatchObject({ status: 'SUCCEEDED', result: { ok: true } });
    });

    it(`refuses an input over SCRIPT_INPUT_BYTES (${INPUT_LIMIT}) with PAYLOAD_TOO_LARGE, counted in bytes`, async () => {
      // {"x":"…"} is 8 bytes around the text; "é" is two bytes of UTF-8.
      const cases: Cases<unknown> = [
        ['one byte over', { x: 'a'.repeat(INPUT_LIMIT - 8 + 1) }],
        ['far over', { x: 'a'.repeat(100_000) }],
        ['over in bytes, not in characters', { x: 'é'.repeat((INPUT_LIMIT - 8) / 2 + 1) }],
      ];
      await refusedWithoutRuns(cases, (input) => runScript({ input }), 'PAYLOAD_TOO_LARGE', undefined);
    });

    it('runs an input of exactly SCRIPT_INPUT_BYTES', async () => {
      const input = { x: 'a'.repeat(INPUT_LIMIT - 8) };
      expect(Buffer.byteLength(JSON.stringify(input))).toBe(INPUT_LIMIT);
      const run = await h.run(echo.logicalPath, { input });
      expect(run).toMatchObject({ status: 'SUCCEEDED', result: { got: input } });
    });

    it('runs an input of null, or none, as {}', async () => {
      const script = await h.newScript(ECHO, 'null-input');
      for (const variables of [{ input: null }, {}]) {
        const run = await h.run(script.logicalPath, variables);
        expect(run, JSON.stringify(variables)).toMatchObject({ status: 'SUCCEEDED', result: { got: {} } });
      }
    });

    it('answers a path with no script with NOT_FOUND', async () => {
      const cases: Cases<string> = [
        ['an unknown script', `${h.folder.path}/missing.py`],
        ['an unknown folder', 'nowhere/missing.py'],
        ['the folder itself', `${h.folder.path}`.concat('.py')],
        ['another case', echo.logicalPath.toUpperCase().replace(/\.PY$/, '.py')],
      ];
      await refusedWithoutRuns(cases, (path) => h.runs('RunScript', { path }), 'NOT_FOUND', undefined);
    });

    it('refuses a malformed path with BAD_USER_INPUT on path, never INTERNAL_SERVER_ERROR', async () => {
      const cases: Cases<string> = [
        ['an empty path', ''],
        ['a ".." segment', '../x.py'],
        ['a "." segment', `./${echo.logicalPath}`],
        ['an absolute path', `/${echo.logicalPath}`],
        ['a doubled slash', echo.logicalPath.replace('/', '//')],
        ['a backslash', echo.logicalPath.replace('/', '\\')],
        ['a NUL', `${echo.logicalPath}\u0000`],
        ['a newline', `a\nb.py`],
        ['no .py', 'script'],
        ['a folder path', `${h.folder.path}/`],
      ];
      await refusedWithoutRuns(cases, (path) => h.runs('RunScript', { path }), 'BAD_USER_INPUT', 'path');
    });

    it('answers a version the script does not have with NOT_FOUND', async () => {
      const cases: Cases<number> = [
        ['version 2 of a script with one', 2],
        ['version 99', 99],
        ['the largest Int', 2 ** 31 - 1],
      ];
      await refusedWithoutRuns(cases, (version) => runScript({ version }), 'NOT_FOUND', undefined);
    });

    it('refuses version 0 or less with BAD_USER_INPUT on version', async () => {
      const cases: Cases<number> = [
        ['version 0', 0],
        ['version -1', -1],
        ['the smallest Int', -(2 ** 31)],
      ];
      await refusedWithoutRuns(cases, (version) => runScript({ version }), 'BAD_USER_INPUT', 'version');
    });

    it('refuses malformed file keys with BAD_USER_INPUT on files', async () => {
      const cases: Cases<string[]> = [
        ['a ".." segment', ['../etc/passwd']],
        ['a ".." segment inside', ['uploads/../x.csv']],
        ['an absolute key', ['/abs']],
        ['a backslash', ['a\\b']],
        ['a newline', ['a\nb']],
        ['a NUL', ['a\u0000b']],
        ['a doubled slash', ['a//b']],
        ['a trailing slash', ['a/']],
        ['an empty key', ['']],
        ['a bad key after a good one', [key, '../x']],
      ];
      await refusedWithoutRuns(cases, (files) => runScript({ files }), 'BAD_USER_INPUT', 'files');
    });

    it('refuses two files with the same name in in/ with BAD_USER_INPUT on files', async () => {
      const other = await h.upload('x', 'data.csv', 'elsewhere');
      const cases: Cases<string[]> = [
        ['two keys with the same base name', [key, other]],
        ['one key twice', [key, key]],
      ];
      await refusedWithoutRuns(cases, (files) => runScript({ files }), 'BAD_USER_INPUT', 'files');
    });

    it('refuses more than 50 files with BAD_USER_INPUT on files', async () => {
      const files = Array.from({ length: 51 }, (_, i) => `many/${i}.csv`);
      await refusedWithoutRuns([['51 files', files]], (f) => runScript({ files: f }), 'BAD_USER_INPUT', 'files');
    });

    it('answers a file key that is not stored with NOT_FOUND, before any run is stored', async () => {
      const cases: Cases<string[]> = [
        ['an unknown key', ['uploads/none/missing.csv']],
        ['an unknown key after a stored one', [key, 'uploads/none/other.csv']],
      ];
      await refusedWithoutRuns(cases, (files) => runScript({ files }), 'NOT_FOUND', undefined);
    });

    it('checks the input before the path: a bad input to an unknown path is still BAD_USER_INPUT', async () => {
      const response = await h.runs('RunScript', { path: 'nowhere/missing.py', input: [1] });
      expectError(response, 'BAD_USER_INPUT', 'bad input, unknown path', 'input');
    });
  });

  describe('scriptRun', () => {
    it('answers an unknown id with NOT_FOUND and a malformed one with BAD_USER_INPUT on id', async () => {
      const cases: Cases<[string, string]> = [
        ['a random UUID', [randomUUID(), 'NOT_FOUND']],
        ["a script's id", [echo.id, 'NOT_FOUND']],
        ['"not-a-uuid"', ['not-a-uuid', 'BAD_USER_INPUT']],
        ['an empty id', ['', 'BAD_USER_INPUT']],
        ['SQL', ["' or 1=1 --", 'BAD_USER_INPUT']],
        ['a UUID with a suffix', [`${randomUUID()}x`, 'BAD_USER_INPUT']],
        ['a NUL', [`${randomUUID()}\u0000`, 'BAD_USER_INPUT']],
      ];
      await each(
        cases,
        ([id]) => h.runs('ScriptRun', { id }),
        (response, label, [, code]) =>
          expectError(response, code, `scriptRun ${label}`, code === 'BAD_USER_INPUT' ? 'id' : undefined),
      );
    });
  });

  describe('scriptRuns', () => {
    it('refuses first outside 1–100 with BAD_USER_INPUT on first', async () => {
      const cases: Cases<number> = [
        ['first 0', 0],
        ['first -1', -1],
        ['first 101', 101],
      ];
      await each(
        cases,
        (first) => h.runs('ScriptRuns', { scriptId: echo.id, first }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `scriptRuns ${label}`, 'first'),
      );
      for (const first of [1, 100]) {
        const response = await h.runs('ScriptRuns', { scriptId: echo.id, first });
        expect(errorCodes(response), `first ${first}: ${response.text}`).toEqual([]);
      }
    });

    it('answers an unknown script id with NOT_FOUND and a malformed one with BAD_USER_INPUT on scriptId', async () => {
      const cases: Cases<[string, string]> = [
        ['a random UUID', [randomUUID(), 'NOT_FOUND']],
        ['"not-a-uuid"', ['not-a-uuid', 'BAD_USER_INPUT']],
        ['an empty id', ['', 'BAD_USER_INPUT']],
        ['SQL', ["' or 1=1 --", 'BAD_USER_INPUT']],
        ['a NUL', [`${randomUUID()}\u0000`, 'BAD_USER_INPUT']],
      ];
      await each(
        cases,
        ([scriptId]) => h.runs('ScriptRuns', { scriptId }),
        (response, label, [, code]) =>
          expectError(response, code, `scriptRuns ${label}`, code === 'BAD_USER_INPUT' ? 'scriptId' : undefined),
      );
    });

    it("lists a script's runs as [] when it has none, without an error", async () => {
      const script = await h.newScript(ECHO, 'never-ran');
      const response = await h.runs('ScriptRuns', { scriptId: script.id });
      expect(errorCodes(response), response.text).toEqual([]);
      expect(response.data!.scriptRuns).toEqual([]);
      expectNoLeaks(response, 'scriptRuns of a script that never ran');
    });
  });
});
