import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { script, startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

describe('concurrent changes', () => {
  let stack: ScriptsTestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startScriptsStack();
    token = (await stack.createUser(['editor'])).accessToken;
  });
  afterAll(() => stack?.stop());

  const send = (operation: string, variables: Record<string, unknown>) =>
    stack.operation('scripts', operation, { token, variables });

  it('two simultaneous creations of one path make one script; the loser gets SCRIPT_EXISTS_REPLACE_REQUIRED', async () => {
    for (let round = 0; round < 5; round++) {
      const name = `race-${round}.py`;
      const responses = await Promise.all(
        [1, 2, 3, 4].map((n) => send('CreateScript', { input: { name, content: script(`# writer ${n}`) } })),
      );
      const winners = responses.filter((r) => r.data?.createScript);
      const losers = responses.flatMap((r) => errorCodes(r));
      expect(winners).toHaveLength(1);
      expect(losers).toEqual([
        'SCRIPT_EXISTS_REPLACE_REQUIRED',
        'SCRIPT_EXISTS_REPLACE_REQUIRED',
        'SCRIPT_EXISTS_REPLACE_REQUIRED',
      ]);
    }
    const rows = await stack.scripts.orm.em
      .fork()
      .getConnection()
      .execute(`select count(*)::int as n from scripts where name like 'race-%'`);
    expect(rows[0].n).toBe(5);
  });

  it('simultaneous creations with replace: true all land, as consecutive versions', async () => {
    const contents = [1, 2, 3, 4].map((n) => script(`# replacing writer ${n}`));
    const responses = await Promise.all(
      contents.map((content) => send('CreateScript', { input: { name: 'replaced.py', content, replace: true } })),
    );
    expect(responses.flatMap((r) => errorCodes(r))).toEqual([]);
    const id = responses[0]!.data!.createScript.id;
    expect(new Set(responses.map((r) => r.data!.createScript.id))).toEqual(new Set([id]));
    const versions = await send('ScriptVersions', { id });
    const stored = versions.data!.script.versions as Array<{ version: number; content: string }>;
    expect(stored.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(new Set(stored.map((v) => v.content))).toEqual(new Set(contents));
  });

  it('simultaneous content updates produce distinct consecutive versions, none lost', async () => {
    const created = await send('CreateScript', { input: { name: 'busy.py', content: script('# v1') } });
    const id = created.data!.createScript.id;
    const contents = Array.from({ length: 8 }, (_, n) => script(`# concurrent update ${n}`));
    const responses = await Promise.all(contents.map((content) => send('UpdateScript', { id, input: { content } })));
    expect(responses.flatMap((r) => errorCodes(r))).toEqual([]);
    expect(responses.map((r) => r.data!.updateScript.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    const versions = await send('ScriptVersions', { id });
    const stored = versions.data!.script.versions as Array<{ version: number; content: string }>;
    expect(stored.map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(new Set(stored.slice(0, 8).map((v) => v.content))).toEqual(new Set(contents));
  });
});
