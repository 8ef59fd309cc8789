import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes, type GraphQLResponse, uniqueName } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentThatMustNeverRun, HELLO_SCRIPT } from './support/scripts-test-stack.js';
import {
  useAdminScriptsStack,
  each,
  expectError,
  expectNoLeaks,
  expectSuccess,
  fileName,
  type Cases,
} from './support/bad-input-fixtures.js';

/**
 * Bad script content through the real gateway: no top-level main(data) or a syntax error
 * (INVALID_SCRIPT, with the reason and line in its extensions), content over SCRIPT_MAX_BYTES
 * (PAYLOAD_TOO_LARGE, counted in bytes of UTF-8, whatever the body limits on the way), content
 * that must never run, and lone surrogates. Each refusal gets its contract code and the request
 * id, never an internal message, and changes nothing. The admin token is used throughout so that
 * permissions never decide.
 */

/**
 * The default cap, set explicitly: content up to it must get through the gateway and the
 * subgraph's body limit whatever its JSON escaping, and content over it must get its code.
 */
const MAX_BYTES = 1024 * 1024;

describe('scripts subgraph: bad input through the gateway', () => {
  const { send, createFolder, createScript, treeSnapshot } = useAdminScriptsStack({
    SCRIPT_MAX_BYTES: String(MAX_BYTES),
  });
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'scripts-bad-content-'));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('content', () => {
    const INVALID: Cases<{ content: string; reason: RegExp; line?: number }> = [
      ['no main', { content: 'def handler(data):\n    return data\n', reason: /main\(data\)/ }],
      ['empty content', { content: '', reason: /main\(data\)/ }],
      ['main in a class', { content: 'class Job:\n    def main(self, data):\n        return data\n', reason: /main/ }],
      ['main in an if', { content: 'if True:\n    def main(data):\n        return data\n', reason: /main/ }],
      ['async def main', { content: 'async def main(data):\n    return data\n', reason: /async/, line: 1 }],
      ['def main() without an argument', { content: 'def main():\n    return {}\n', reason: /one argument/ }],
      ['def main(a, b)', { content: '\ndef main(a, b):\n    return {}\n', reason: /one argument/, line: 2 }],
      [
        'a syntax error on line 3',
        { content: 'def main(data):\n    x = 1\n    return (x\n', reason: /syntax/, line: 3 },
      ],
      ['a Python 2 print', { content: 'def main(data):\n    print "hi"\n', reason: /syntax/, line: 2 }],
      ['4,000 nested parentheses', { content: `x = ${'('.repeat(4000)}\n`, reason: /./ }],
    ];

    function expectInvalid(response: GraphQLResponse, label: string, expected: { reason: RegExp; line?: number }) {
      expectError(response, 'INVALID_SCRIPT', label);
      const message = response.errors?.[0]?.message ?? '';
      expect.soft(message, `${label}: message`).toMatch(expected.reason);
      if (expected.line)
        expect.soft(message, `${label}: the message names the line`).toContain(`line ${expected.line}`);
    }

    it('refuses content without a top-level main(data), or that does not parse, with INVALID_SCRIPT', async () => {
      const folder = await createFolder(uniqueName('content'));
      const existing = await createScript('existing.py', folder);
      const before = await treeSnapshot();
      await each(
        INVALID,
        ({ content }, label) => send('CreateScript', { input: { folderId: folder, name: fileName(label), content } }),
        (response, label, expected) => expectInvalid(response, `createScript: ${label}`, expected),
      );
      const some = INVALID.filter(([label]) => /no main|async|line 3/.test(label));
      await each(
        some,
        ({ content }) => send('UpdateScript', { id: existing, input: { content } }),
        (response, label, expected) => expectInvalid(response, `updateScript: ${label}`, expected),
      );
      await each(
        some,
        ({ content }) =>
          send('CreateScript', { input: { folderId: folder, name: 'existing.py', content, replace: true } }),
        (response, label, expected) => expectInvalid(response, `createScript with replace: ${label}`, expected),
      );
      expectError(
        await send('CreateScript', { input: { folderId: folder, name: 'nul.py', content: `${HELLO_SCRIPT}\u0000` } }),
        'BAD_USER_INPUT',
        'content with a NUL',
        'content',
      );
      expect(await treeSnapshot()).toEqual(before);
      const versions = await send('ScriptVersions', { id: existing });
      expect(versions.data!.script.versions).toHaveLength(1);
    });

    it('gives the reason and line of an invalid script in extensions.reason and extensions.line', async () => {
      const [syntax, noMain] = await Promise.all([
        send('CreateScript', {
          input: { name: fileName(uniqueName('ext')), content: 'def main(data):\n    x = 1\n    (x\n' },
        }),
        send('CreateScript', { input: { name: fileName(uniqueName('ext')), content: 'x = 1\n' } }),
      ]);
      expectError(syntax, 'INVALID_SCRIPT', 'a syntax error on line 3');
      expect.soft(syntax.errors?.[0]?.extensions?.reason, 'reason').toEqual(expect.stringMatching(/syntax error/));
      expect.soft(syntax.errors?.[0]?.extensions?.line, 'line').toBe(3);
      expectError(noMain, 'INVALID_SCRIPT', 'no main');
      expect.soft(noMain.errors?.[0]?.extensions?.reason, 'reason').toEqual(expect.stringMatching(/main\(data\)/));
    });

    /** Content of exactly `bytes` bytes of UTF-8: a comment of `fill`, then the hello script. */
    function sized(bytes: number, fill = 'x'): string {
      const head = '# ';
      const tail = `\n${HELLO_SCRIPT}`;
      const room = bytes - Buffer.byteLength(head + tail);
      const unit = Buffer.byteLength(fill);
      return head + fill.repeat(Math.floor(room / unit)) + 'x'.repeat(room % unit) + tail;
    }

    it('refuses content over SCRIPT_MAX_BYTES with PAYLOAD_TOO_LARGE, counting bytes of UTF-8', async () => {
      const folder = await createFolder(uniqueName('size'));
      const existing = await createScript('existing.py', folder);
      const twoByte = sized(MAX_BYTES + 2, 'é');
      expect(twoByte.length).toBeLessThan(MAX_BYTES);
      const cases: Cases<string> = [
        ['one byte over', sized(MAX_BYTES + 1)],
        ['over in bytes, under in characters', twoByte],
        ['over and invalid too', 'def main(:\n'.repeat(MAX_BYTES / 8)],
        ['twice the cap', sized(2 * MAX_BYTES)],
      ];
      const before = await treeSnapshot();
      await each(
        cases,
        (content, label) => send('CreateScript', { input: { folderId: folder, name: fileName(label), content } }),
        (response, label) => expectError(response, 'PAYLOAD_TOO_LARGE', `createScript: ${label}`),
      );
      await each(
        cases,
        (content) => send('UpdateScript', { id: existing, input: { content } }),
        (response, label) => expectError(response, 'PAYLOAD_TOO_LARGE', `updateScript: ${label}`),
      );
      expect(await treeSnapshot()).toEqual(before);

      const exactly = sized(MAX_BYTES);
      expect(Buffer.byteLength(exactly)).toBe(MAX_BYTES);
      expectSuccess(
        await send('CreateScript', { input: { folderId: folder, name: 'exactly.py', content: exactly } }),
        'exactly the cap',
      );
      expectSuccess(
        await send('UpdateScript', { id: existing, input: { content: sized(MAX_BYTES, 'é') } }),
        'exactly the cap in two-byte characters',
      );
    });

    it('refuses content far over the cap with PAYLOAD_TOO_LARGE, whatever the body limits on the way', async () => {
      // The gateway takes bodies up to 40 MiB; the subgraph, at this cap, 2.25 MiB.
      const content = sized(3 * MAX_BYTES);
      const existing = await createScript(fileName(uniqueName('body')));
      const [created, updated] = await Promise.all([
        send('CreateScript', { input: { name: fileName(uniqueName('body')), content } }),
        send('UpdateScript', { id: existing, input: { content } }),
      ]);
      expectError(created, 'PAYLOAD_TOO_LARGE', 'createScript of 3 MiB');
      expectError(updated, 'PAYLOAD_TOO_LARGE', 'updateScript of 3 MiB');
    });

    it('accepts content within the cap however much JSON escaping grows it', async () => {
      // Control characters are valid in a Python string literal and take 6 bytes each in JSON
      // (\u0001): 450 KiB of content, 2.7 MiB of request body.
      const content = `BLOB = "${'\u0001'.repeat(450 * 1024)}"\n${HELLO_SCRIPT}`;
      expect(Buffer.byteLength(content)).toBeLessThan(MAX_BYTES);
      expect(JSON.stringify(content).length).toBeGreaterThan(2.5 * MAX_BYTES);
      const response = await send('CreateScript', { input: { name: fileName(uniqueName('escaped')), content } });
      expectSuccess(response, 'a 450 KiB script with control characters in a string');
      expectNoLeaks(response, 'a 450 KiB script with control characters in a string');
    });

    it('accepts content that would misbehave if it ran, and never runs it', async () => {
      const { content: dangerous, markers } = contentThatMustNeverRun(tmp);
      const loop = 'while True:\n    pass\n\ndef main(data):\n    return data\n';
      const [created, looped] = await Promise.all([
        send('CreateScript', { input: { name: fileName(uniqueName('dangerous')), content: dangerous } }),
        send('CreateScript', { input: { name: fileName(uniqueName('loop')), content: loop } }),
      ]);
      expectSuccess(created, 'os.system at the top level');
      expectSuccess(looped, 'an infinite loop at the top level');
      // Accepted, so parsed, never run: running the loop would have ended in the checker's timeout.
      for (const [name, marker] of Object.entries(markers)) {
        expect.soft(existsSync(marker), `${name} ran`).toBe(false);
      }
    });

    it('refuses lone surrogates (invalid UTF-16, stored changed if kept) in content and names with BAD_USER_INPUT', async () => {
      const folder = await createFolder(uniqueName('surrogates'));
      const cases: Cases<Record<string, unknown>> = [
        ['in a comment', { name: 'comment.py', content: `# \ud800\n${HELLO_SCRIPT}` }],
        ['in a string literal', { name: 'literal.py', content: `X = "\udc00"\n${HELLO_SCRIPT}` }],
        ['in a script name', { name: 'a\ud800b.py', content: HELLO_SCRIPT }],
        ['in a display name', { name: 'display.py', content: HELLO_SCRIPT, displayName: 'x\udfff' }],
      ];
      await each(
        cases,
        (input) => send('CreateScript', { input: { folderId: folder, ...input } }),
        (response, label) => {
          expect.soft(errorCodes(response), `${label}: ${response.text.slice(0, 300)}`).toEqual(['BAD_USER_INPUT']);
          expectNoLeaks(response, label);
        },
      );
      // Nothing was stored.
      const readBack = await send('Folder', { id: folder });
      expect(readBack.data?.folder.scripts).toEqual([]);
      const inFolderName = await send('CreateFolder', { input: { name: 'x\ud800', parentId: folder } });
      expect.soft(errorCodes(inFolderName), inFolderName.text).toEqual(['BAD_USER_INPUT']);
      expectNoLeaks(inFolderName, 'a folder name');
      // The service still answers, and the tree still reads.
      await treeSnapshot();
    });
  });
});
