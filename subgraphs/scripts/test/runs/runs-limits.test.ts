import { errorCodes } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../support/bad-input-fixtures.js';
import { must, python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * The limits of a run, through the real gateway with real python3, on a stack with small ones:
 * a wall-clock timeout (TIMED_OUT), a memory cap (KILLED MEMORY_LIMIT, and the service carries on
 * meanwhile), and an output cap (KILLED OUTPUT_LIMIT with the output cut). Every run is stored
 * and read back as it was returned.
 */

const TIMEOUT_SECONDS = 1;
const MEMORY_MB = 64;
const OUTPUT_BYTES = 10_000;
const TRUNCATED = `\n[output truncated: the script wrote more than ${OUTPUT_BYTES} bytes]`;

const HELLO = 'def main(data):\n    return {"hello": data.get("name", "world")}\n';

describe('run limits through the gateway', () => {
  const h = useRunsStack({
    SCRIPT_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    SCRIPT_MEMORY_MB: String(MEMORY_MB),
    SCRIPT_OUTPUT_BYTES: String(OUTPUT_BYTES),
  });

  /** The run as stored, read back with ScriptRun of runs.graphql. */
  const stored = async (id: string) => must(await h.runs('ScriptRun', { id }), 'scriptRun');

  it(`ends a sleeping script TIMED_OUT within timeout + 2 s, keeping what it printed`, async () => {
    const script = await h.newScript(
      'import time\n\ndef main(data):\n    print("before the sleep")\n    time.sleep(30)\n',
      'sleeps',
    );
    const response = await h.runs('RunScript', { path: script.logicalPath });
    expect(errorCodes(response), response.text).toEqual([]);
    expectNoLeaks(response, 'a timed-out run');
    const run = response.data!.runScript;
    expect(run).toMatchObject({
      status: 'TIMED_OUT',
      result: null,
      exitCode: null,
      error: { code: 'TIMEOUT', message: `the script ran longer than ${TIMEOUT_SECONDS} s` },
      stdout: 'before the sleep\n',
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000);
    expect(run.durationMs).toBeLessThan(TIMEOUT_SECONDS * 1000 + 2000);
    expect(await stored(run.id)).toEqual(run);
  });

  it('ends a memory bomb KILLED MEMORY_LIMIT while another run and a tree query succeed', async () => {
    const [bomb, grower, hello] = await Promise.all([
      h.newScript('def main(data):\n    x = bytearray(10**9)\n    return {"size": len(x)}\n', 'bomb'),
      h.newScript('def main(data):\n    x = []\n    while True:\n        x.append(" " * 1000)\n', 'grower'),
      h.newScript(HELLO, 'hello'),
    ]);
    const [bombed, grown, during, tree] = await Promise.all([
      h.runs('RunScript', { path: bomb.logicalPath }),
      h.runs('RunScript', { path: grower.logicalPath }),
      h.runs('RunScript', { path: hello.logicalPath, input: { name: 'during' } }),
      h.scripts('Tree'),
    ]);
    for (const response of [bombed, grown]) {
      expect(errorCodes(response), response.text).toEqual([]);
      expectNoLeaks(response, 'a run over the memory limit');
      expect(response.data!.runScript).toMatchObject({
        status: 'KILLED',
        result: null,
        error: { code: 'MEMORY_LIMIT', message: `the script reached the memory limit of ${MEMORY_MB} MiB` },
      });
      expect(response.data!.runScript.stderr).toContain('MemoryError');
      expect(await stored(response.data!.runScript.id)).toEqual(response.data!.runScript);
    }
    expect(errorCodes(during), during.text).toEqual([]);
    expect(during.data!.runScript).toMatchObject({ status: 'SUCCEEDED', result: { hello: 'during' } });
    expect(errorCodes(tree), tree.text).toEqual([]);
    expect(tree.data!.tree.scripts.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([bomb.id, grower.id, hello.id]),
    );

    const after = await h.run(hello.logicalPath, { input: { name: 'after' } });
    expect(after).toMatchObject({ status: 'SUCCEEDED', result: { hello: 'after' } });
    expect(errorCodes(await h.scripts('Tree'))).toEqual([]);
  });

  it('runs a script that uses memory under the cap', async () => {
    const script = await h.newScript(
      'def main(data):\n    x = bytearray(16 * 1024 * 1024)\n    return {"n": len(x)}\n',
    );
    expect(await h.run(script.logicalPath)).toMatchObject({ status: 'SUCCEEDED', result: { n: 16 * 1024 * 1024 } });
  });

  it.each(['stdout', 'stderr'] as const)(
    'ends an output flood on %s KILLED OUTPUT_LIMIT with the output cut at the cap',
    async (stream) => {
      const script = await h.newScript(
        python(`
          import sys

          def main(data):
              while True:
                  print("x" * 999, file=sys.${stream})
        `),
        `flood-${stream}`,
      );
      const run = await h.run(script.logicalPath);
      expect(run).toMatchObject({
        status: 'KILLED',
        result: null,
        exitCode: null,
        error: { code: 'OUTPUT_LIMIT', message: `the script wrote more than ${OUTPUT_BYTES} bytes` },
      });
      const text = run[stream] as string;
      expect(Buffer.byteLength(text)).toBe(OUTPUT_BYTES + TRUNCATED.length);
      expect(text.startsWith(`${'x'.repeat(999)}\n`)).toBe(true);
      expect(text.endsWith(TRUNCATED)).toBe(true);
      expect(await stored(run.id)).toEqual(run);
    },
  );

  it('keeps output just under the cap whole', async () => {
    const script = await h.newScript(`def main(data):\n    print("y" * ${OUTPUT_BYTES - 1})\n`, 'under');
    const run = await h.run(script.logicalPath);
    expect(run).toMatchObject({ status: 'SUCCEEDED', stdout: `${'y'.repeat(OUTPUT_BYTES - 1)}\n` });
  });
});
