import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkFolderName, joinPath } from '../names/names.js';

export interface SeedOptions {
  /** Name of the folder (at the root) that holds the whole data set; it counts as one of `folders`. */
  root: string;
  folders: number;
  scripts: number;
  ownerId: string;
  /** Folders per folder: the tree grows breadth-first with this fan-out. */
  fanOut?: number;
}

export interface SeedResult {
  rootId: string;
  folders: number;
  scripts: number;
}

const BATCH = 1000;
const seedContent = (index: number) => `# seeded script ${index}\n\ndef main(data):\n    return {"index": ${index}}\n`;

/**
 * Loads a synthetic tree for benchmarks and statement-count tests: `folders` folders under one
 * root folder, breadth-first, and `scripts` scripts spread over them, each with one version.
 * Rows go in with multi-row INSERTs, a thousand at a time, in one transaction.
 */
export async function seedScriptTree(em: EntityManager, options: SeedOptions): Promise<SeedResult> {
  checkFolderName(options.root, 'root');
  const fanOut = options.fanOut ?? 10;
  const now = new Date();
  const base = { created_at: now, updated_at: now, owner_id: options.ownerId };
  const folders: Array<{ id: string; name: string; parent_id: string | null; path: string }> = [];
  folders.push({ id: randomUUID(), name: options.root, parent_id: null, path: options.root });
  for (let index = 1; index < options.folders; index++) {
    const parent = folders[Math.floor((index - 1) / fanOut)]!;
    const name = `folder-${index}`;
    folders.push({ id: randomUUID(), name, parent_id: parent.id, path: joinPath(parent.path, name) });
  }
  const scripts: object[] = [];
  const versions: object[] = [];
  for (let index = 0; index < options.scripts; index++) {
    const folder = folders[index % folders.length]!;
    const name = `script-${index}.py`;
    const id = randomUUID();
    scripts.push({ ...base, id, name, folder_id: folder.id, logical_path: joinPath(folder.path, name), version: 1 });
    versions.push({
      id: randomUUID(),
      created_at: now,
      updated_at: now,
      script_id: id,
      version: 1,
      content: seedContent(index),
      author_id: options.ownerId,
    });
  }
  await em.transactional(async (tx) => {
    const knex = tx.getKnex();
    const transaction = tx.getTransactionContext();
    const insert = async (table: string, rows: object[]) => {
      for (let start = 0; start < rows.length; start += BATCH) {
        const query = knex(table).insert(rows.slice(start, start + BATCH));
        await (transaction ? query.transacting(transaction) : query);
      }
    };
    await insert(
      'folders',
      folders.map((folder) => ({ ...base, ...folder })),
    );
    await insert('scripts', scripts);
    await insert('script_versions', versions);
  });
  return { rootId: folders[0]!.id, folders: folders.length, scripts: scripts.length };
}
