import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { AppError } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidScriptError, PythonSyntaxChecker } from '../src/content/python-syntax-checker.js';
import { contentThatMustNeverRun, HELLO_SCRIPT, script } from './support/scripts-test-stack.js';

/**
 * The checker on its own, with real python3 processes: what it accepts and refuses, that it
 * never runs the content, how it fails when the interpreter is missing or broken, and that a
 * burst of checks never runs more interpreters at once than its concurrency.
 */

const OPTIONS = { python: 'python3', timeoutMs: 10_000, concurrency: 2 };
const PYTHON3 = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim();

/** What a check ended with: accepted, INVALID_SCRIPT with its reason and line, or another error. */
type Outcome =
  | { kind: 'ok' }
  | { kind: 'invalid'; reason: string; line: unknown; message: string }
  | { kind: 'error'; error: unknown };

async function outcome(checker: PythonSyntaxChecker, content: string): Promise<Outcome> {
  try {
    await checker.check(content);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof InvalidScriptError) {
      return {
        kind: 'invalid',
        reason: String(error.extensions.reason),
        line: error.extensions.line,
        message: error.message,
      };
    }
    return { kind: 'error', error };
  }
}

describe('PythonSyntaxChecker', () => {
  let dir: string;
  let checker: PythonSyntaxChecker;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'python-syntax-checker-'));
    checker = new PythonSyntaxChecker(OPTIONS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An executable shell script to stand in for the interpreter. */
  function fakePython(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('accepts content that parses and defines a top-level main taking one argument', async () => {
    const valid: Record<string, string> = {
      'the hello script': HELLO_SCRIPT,
      'main after other code': script('import json\nVALUE = json.dumps({"a": 1})\n\nclass Helper:\n    pass'),
      'main(data=None)': 'def main(data=None):\n    return {}\n',
      'main(data, extra=1)': 'def main(data, extra=1):\n    return {}\n',
      'main(data, /)': 'def main(data, /):\n    return {}\n',
      'main(*args)': 'def main(*args):\n    return {}\n',
      'main(data, *, flag=True)': 'def main(data, *, flag=True):\n    return {}\n',
      'a decorated main': 'import functools\n\n@functools.lru_cache\ndef main(data):\n    return {}\n',
      'a redefined main, the last one valid': 'def main():\n    pass\n\ndef main(data):\n    return data\n',
      'a leading byte-order mark, as some editors save files': '\ufeffdef main(data):\n    return data\n',
      'CRLF line endings': 'def main(data):\r\n    return data\r\n',
      'no trailing newline': 'def main(data):\n    return data',
      'non-ASCII identifiers and text': 'def main(daten):\n    größe = "Bohrung – 😀"\n    return {"größe": größe}\n',
      'a lone surrogate in a comment (sent as U+FFFD)': '# \ud800 lone\ndef main(data):\n    return data\n',
      'Python 3.10 match statement':
        'def main(data):\n    match data:\n        case {"a": x}:\n            return x\n    return {}\n',
      'a top-level infinite loop (never run)': 'while True:\n    pass\n\ndef main(data):\n    return data\n',
    };
    const results = await Promise.all(
      Object.entries(valid).map(async ([label, content]) => [label, await outcome(checker, content)] as const),
    );
    for (const [label, result] of results) expect.soft(result, label).toEqual({ kind: 'ok' });
  });

  it('refuses content without a usable main(data) with INVALID_SCRIPT and the reason', async () => {
    const invalid: Record<string, { content: string; reason: RegExp; line?: number }> = {
      'no main': { content: 'def handler(data):\n    return data\n', reason: /top-level function main\(data\)/ },
      'empty content': { content: '', reason: /top-level function main\(data\)/ },
      'only whitespace and comments': { content: '\n\n   \n# def main(data):\n', reason: /top-level/ },
      'main as a lambda': { content: 'main = lambda data: data\n', reason: /top-level function main/ },
      'main nested in a class': {
        content: 'class Job:\n    def main(self, data):\n        return data\n',
        reason: /top-level function main/,
      },
      'main nested in an if': {
        content: 'if True:\n    def main(data):\n        return data\n',
        reason: /top-level function main/,
      },
      'main nested in a function': {
        content: 'def outer():\n    def main(data):\n        return data\n    return main\n',
        reason: /top-level function main/,
      },
      'async def main': { content: 'async def main(data):\n    return data\n', reason: /not async/, line: 1 },
      'main()': { content: 'import os\n\ndef main():\n    return {}\n', reason: /exactly one argument/, line: 3 },
      'main(a, b)': { content: 'def main(a, b):\n    return {}\n', reason: /exactly one argument/, line: 1 },
      'main(data, *, flag)': { content: 'def main(data, *, flag):\n    return {}\n', reason: /exactly one argument/ },
      'main(**kwargs)': { content: 'def main(**kwargs):\n    return {}\n', reason: /exactly one argument/ },
      'a valid main redefined without an argument': {
        content: 'def main(data):\n    return data\n\ndef main():\n    return {}\n',
        reason: /exactly one argument/,
        line: 4,
      },
      'a syntax error on line 3': {
        content: 'def main(data):\n    x = 1\n    return (x\n',
        reason: /^syntax error: /,
        line: 3,
      },
      'Python 2 print statement': {
        content: 'def main(data):\n    print "hello"\n',
        reason: /^syntax error: /,
        line: 2,
      },
      'bad indentation': { content: 'def main(data):\nreturn data\n', reason: /^syntax error: /, line: 2 },
      'tabs mixed with spaces': {
        content: 'def main(data):\n\tif data:\n        return data\n\treturn {}\n',
        reason: /^syntax error: /,
        line: 3,
      },
      'a NUL character': { content: 'def main(data):\n    return data\n\u0000\n', reason: /null/ },
      'a lone surrogate in code (sent as U+FFFD)': {
        content: 'def main(data):\n    x = 1 \udc00 2\n    return data\n',
        reason: /^syntax error: /,
        line: 2,
      },
    };
    const results = await Promise.all(
      Object.entries(invalid).map(async ([label, c]) => [label, c, await outcome(checker, c.content)] as const),
    );
    for (const [label, expected, result] of results) {
      expect.soft(result.kind, `${label}: ${JSON.stringify(result)}`).toBe('invalid');
      if (result.kind !== 'invalid') continue;
      expect.soft(result.reason, label).toMatch(expected.reason);
      if (expected.line !== undefined) {
        expect.soft(result.line, `${label}: line`).toBe(expected.line);
        expect.soft(result.message, `${label}: message`).toContain(`line ${expected.line}`);
      }
    }
  });

  it('refuses pathological input with INVALID_SCRIPT, without crashing or hanging', async () => {
    const deep: Record<string, string> = {
      '100,000 nested parentheses': `x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`,
      '100,000 unclosed brackets': `def main(data):\n    return data\nx = ${'['.repeat(100_000)}\n`,
      '100,000 unary minus signs': `def main(data):\n    return data\nx = ${'-'.repeat(100_000)}1\n`,
      '100,000 nested lambdas': `def main(data):\n    return data\nx = ${'lambda: '.repeat(100_000)}1\n`,
      'a sum of 100,000 terms': `def main(data):\n    return data\nx = ${Array(100_000).fill('1').join(' + ')}\n`,
      '10,000 nested f-strings': `def main(data):\n    return data\nx = ${'f"{'.repeat(10_000)}\n`,
    };
    const results = await Promise.all(
      Object.entries(deep).map(async ([label, content]) => [label, await outcome(checker, content)] as const),
    );
    for (const [label, result] of results) {
      expect.soft(result.kind, `${label}: ${JSON.stringify(result).slice(0, 300)}`).toBe('invalid');
      // Refused by the parser itself, not by the checker's timeout.
      expect.soft(JSON.stringify(result), label).not.toMatch(/too long/);
    }
    // The checker still works afterwards.
    expect(await outcome(checker, HELLO_SCRIPT)).toEqual({ kind: 'ok' });
  });

  it('handles large content over the pipe either way', async () => {
    const filler = '# ' + 'x'.repeat(78) + '\n';
    const big = filler.repeat(Math.ceil((2 * 1024 * 1024) / filler.length));
    expect(await outcome(checker, big + HELLO_SCRIPT)).toEqual({ kind: 'ok' });
    // An error on line 1 of 2 MiB: the whole content is still taken in, and the line reported.
    const broken = await outcome(checker, `def main(data) oops\n${big}`);
    expect(broken).toMatchObject({ kind: 'invalid', line: 1 });
  });

  it('never runs the content: imports, os.system, open, defaults and decorators do nothing', async () => {
    const { content, markers } = contentThatMustNeverRun(dir);
    expect(await outcome(checker, content)).toEqual({ kind: 'ok' });
    for (const [name, marker] of Object.entries(markers)) {
      expect.soft(existsSync(marker), `${name} ran`).toBe(false);
    }
  });

  it('accepts a top-level infinite loop: it is parsed, never run (running it would end in the timeout)', async () => {
    const result = await outcome(checker, 'while True:\n    pass\n\ndef main(data):\n    return data\n');
    expect(result).toEqual({ kind: 'ok' });
  });

  it('rejects with a plain Error, not INVALID_SCRIPT, when the interpreter is missing', async () => {
    const missing = new PythonSyntaxChecker({ ...OPTIONS, python: '/nonexistent/python3', concurrency: 1 });
    // More checks than the concurrency: each failure frees its slot for the next.
    const results = await Promise.all([1, 2, 3].map(() => outcome(missing, HELLO_SCRIPT)));
    for (const result of results) {
      expect(result.kind).toBe('error');
      const error = (result as { error: unknown }).error;
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AppError);
      expect((error as Error).message).toContain('/nonexistent/python3');
    }
  });

  it('rejects with a plain Error when the interpreter fails without an answer', async () => {
    const broken = new PythonSyntaxChecker({
      ...OPTIONS,
      python: fakePython('broken-python', 'cat >/dev/null\necho "Fatal Python error: init failed" >&2\nexit 3'),
    });
    const result = await outcome(broken, HELLO_SCRIPT);
    expect(result.kind).toBe('error');
    const error = (result as { error: unknown }).error;
    expect(error).not.toBeInstanceOf(AppError);
    expect((error as Error).message).toMatch(/exited with 3/);
  });

  it('gives up on an interpreter that does not answer within the timeout, and frees its slot', async () => {
    const stuck = new PythonSyntaxChecker({
      python: fakePython('stuck-python', 'exec sleep 30'),
      timeoutMs: 300,
      concurrency: 1,
    });
    // Each stuck process is killed at 300 ms (else the 30 s sleep would outlast the test's timeout).
    const results = await Promise.all([1, 2].map(() => outcome(stuck, HELLO_SCRIPT)));
    for (const result of results) expect(result).toMatchObject({ kind: 'invalid', reason: /too long/ });
  });

  it('never runs more interpreters at once than its concurrency', async () => {
    const log = join(dir, 'concurrency.log');
    writeFileSync(log, '');
    // Records each start and end; the pause makes overlapping checks overlap for certain.
    const python = fakePython(
      'recording-python',
      [
        `echo start >> '${log}'`,
        'sleep 0.1',
        `'${PYTHON3}' "$@"`,
        'code=$?',
        `echo end >> '${log}'`,
        'exit $code',
      ].join('\n'),
    );
    const limited = new PythonSyntaxChecker({ ...OPTIONS, python, concurrency: 2 });
    const contents = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? script(`VALUE = ${i}`) : `def main(data):\n    return (${i}\n`,
    );
    const results = await Promise.all(contents.map((content) => outcome(limited, content)));

    results.forEach((result, i) => {
      if (i % 2 === 0) expect.soft(result, `check ${i}`).toEqual({ kind: 'ok' });
      else expect.soft(result, `check ${i}`).toMatchObject({ kind: 'invalid', line: 2 });
    });
    const events = readFileSync(log, 'utf8').trim().split('\n');
    expect(events.filter((e) => e === 'start')).toHaveLength(20);
    expect(events.filter((e) => e === 'end')).toHaveLength(20);
    let running = 0;
    let most = 0;
    for (const event of events) {
      running += event === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });
});
