import { SqlStatementCounter } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScriptTree } from '../src/seed/seed-tree.js';
import { startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

/**
 * The statements the scripts subgraph sends per operation must not grow with the data: the
 * same operations are counted over a small tree and over one a hundred times larger.
 */
describe('SQL statements per operation', () => {
  let stack: ScriptsTestStack;
  let counter: SqlStatementCounter;
  let token: string;
  let ownerId: string;

  beforeAll(async () => {
    stack = await startScriptsStack();
    const editor = await stack.createUser(['editor']);
    token = editor.accessToken;
    ownerId = editor.id;
    counter = new SqlStatementCounter(stack.scripts.orm);
  });
  afterAll(async () => {
    counter?.stop();
    await stack?.stop();
  });

  async function counted(operation: string, variables: Record<string, unknown> = {}) {
    counter.reset();
    const response = await stack.operation('scripts', operation, { token, variables });
    expect(response.errors, response.text).toBeUndefined();
    return { count: counter.count, data: response.data! };
  }

  async function measure(rootId: string) {
    const tree = await counted('Tree');
    const folder = await counted('Folder', { id: rootId });
    const mine = await counted('MyScripts');
    const level = await counted('TreeLevel', { folderId: rootId });
    return { tree, folder, mine, level };
  }

  it('stays constant from 10 to 1,000 folders and scripts', async () => {
    const small = await seedScriptTree(stack.scripts.orm.em.fork(), {
      root: 'small',
      folders: 10,
      scripts: 10,
      ownerId,
    });
    const before = await measure(small.rootId);
    expect(before.tree.data.tree.folders).toHaveLength(10);
    expect(before.tree.data.tree.scripts).toHaveLength(10);
    expect(before.folder.data.folder.children).toHaveLength(9);
    expect(before.mine.data.me.scripts).toHaveLength(10);

    const large = await seedScriptTree(stack.scripts.orm.em.fork(), {
      root: 'large',
      folders: 1000,
      scripts: 1000,
      ownerId,
      fanOut: 100,
    });
    const after = await measure(large.rootId);
    expect(after.tree.data.tree.folders).toHaveLength(1010);
    expect(after.tree.data.tree.scripts).toHaveLength(1010);
    expect(after.folder.data.folder.children).toHaveLength(100);
    expect(after.folder.data.folder.scripts.length).toBeGreaterThan(0);
    expect(after.mine.data.me.scripts).toHaveLength(1010);

    expect(after.tree.count).toBe(before.tree.count);
    expect(after.folder.count).toBe(before.folder.count);
    expect(after.mine.count).toBe(before.mine.count);
    expect(after.level.data.treeLevel.folders).toHaveLength(100);
    expect(after.level.count).toBe(before.level.count);
    // Its folders, its scripts, and the child counts of every folder at once.
    expect(after.level.count).toBeLessThanOrEqual(3);
    expect(after.tree.count).toBeLessThanOrEqual(2);
    // The folder, its children, its scripts; parent and owner cost nothing at the root.
    expect(after.folder.count).toBeLessThanOrEqual(3);
    expect(after.mine.count).toBe(1);
  });

  it('reads many scripts by id with their versions and owners in two statements', async () => {
    const tree = await counted('Tree');
    const ids = (tree.data.tree.scripts as Array<{ id: string }>).slice(0, 50).map((s) => s.id);
    const query = `query Many { ${ids
      .slice(0, 25)
      .map((id, i) => `s${i}: script(id: "${id}") { versions { version author { id } released } owner { id } }`)
      .join(' ')} }`;
    counter.reset();
    const response = await stack.request(query, { token });
    expect(response.errors, response.text).toBeUndefined();
    // One statement for the 25 scripts, one for all their versions; `released` finds the
    // scripts already loaded.
    expect(counter.count).toBe(2);
  });
});
