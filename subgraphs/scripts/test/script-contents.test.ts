import { SqlStatementCounter } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

const CREATE_FOLDER = 'mutation($input: CreateFolderInput!) { createFolder(input: $input) { id path } }';
const CREATE_SCRIPT = 'mutation($input: CreateScriptInput!) { createScript(input: $input) { id logicalPath } }';
const UPDATE_SCRIPT = 'mutation($id: ID!, $input: UpdateScriptInput!) { updateScript(id: $id, input: $input) { id } }';

/** Script contents, read together for many scripts: each its own text, of its current version. */
describe('script contents', () => {
  let stack: ScriptsTestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startScriptsStack();
    token = (await stack.createUser(['editor'])).accessToken;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const send = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await stack.request(query, { token, variables });
    expect(response.errors, response.text).toBeUndefined();
    return response.data!;
  };

  it('gives each script of one request its own current content, read in one statement', async () => {
    const folder = (await send(CREATE_FOLDER, { input: { name: 'contents' } })).createFolder as { id: string };
    const script = (result: string) => `def main(data):\n    return ${result}\n`;
    const texts = [script('"a"'), script('"b"'), script('"c"')];
    const ids: string[] = [];
    for (const [index, content] of texts.entries()) {
      const input = { folderId: folder.id, name: `s${index}.py`, content };
      ids.push(((await send(CREATE_SCRIPT, { input })).createScript as { id: string }).id);
    }
    await send(UPDATE_SCRIPT, { id: ids[1], input: { content: script('"b, second version"') } });

    const counter = new SqlStatementCounter(stack.scripts.orm);
    const data = await send(`query($id: ID!) { folder(id: $id) { scripts { name version content } } }`, {
      id: folder.id,
    });
    counter.stop();
    expect(data.folder.scripts).toEqual([
      { name: 's0.py', version: 1, content: texts[0] },
      { name: 's1.py', version: 2, content: script('"b, second version"') },
      { name: 's2.py', version: 1, content: texts[2] },
    ]);
    expect(counter.statements.filter((statement) => /from "?script_versions"?/i.test(statement))).toHaveLength(1);

    const single = await send('{ scriptByPath(path: "contents/s1.py") { content } }');
    expect(single).toEqual({ scriptByPath: { content: script('"b, second version"') } });
  });
});
