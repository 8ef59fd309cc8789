import { describe, expect, it } from 'vitest';
import { indexTree, visibleRows, type TreeFolder, type TreeScript } from './tree-model';

const folder = (id: string, name: string, parentId: string | null, path: string): TreeFolder => ({
  id,
  name,
  parentId,
  path,
  owner: null,
});
const script = (id: string, name: string, folderId: string | null, logicalPath: string): TreeScript => ({
  id,
  name,
  folderId,
  logicalPath,
  version: 1,
  releasedVersion: null,
  owner: null,
});

const folders = [
  folder('g', 'geology', null, 'geology'),
  folder('w', 'wells', 'g', 'geology/wells'),
  folder('a', 'admin', null, 'admin'),
];
const scripts = [
  script('s1', 'load.py', 'w', 'geology/wells/load.py'),
  script('s2', 'analysis.py', 'g', 'geology/analysis.py'),
  script('s3', 'top.py', null, 'top.py'),
];
const names = (rows: ReturnType<typeof visibleRows>) =>
  rows.map((row) => `${row.depth}:${row.kind === 'folder' ? row.folder.name : row.script.name}`);

describe('the tree rows', () => {
  const index = indexTree(folders, scripts);

  it('shows only the root level, folders by name before scripts, until a folder is expanded', () => {
    expect(names(visibleRows(index, new Set(), ''))).toEqual(['0:admin', '0:geology', '0:top.py']);
    expect(names(visibleRows(index, new Set(['g']), ''))).toEqual([
      '0:admin',
      '0:geology',
      '1:wells',
      '1:analysis.py',
      '0:top.py',
    ]);
  });

  it('counts the children of a folder', () => {
    const geology = visibleRows(index, new Set(), '').find((row) => row.kind === 'folder' && row.folder.id === 'g');
    expect(geology).toMatchObject({ childCount: 2, expanded: false });
  });

  it('filters by name, showing each match under its open ancestors, case-insensitively', () => {
    expect(names(visibleRows(index, new Set(), 'LOAD'))).toEqual(['0:geology', '1:wells', '2:load.py']);
    expect(names(visibleRows(index, new Set(), 'adm'))).toEqual(['0:admin']);
    expect(visibleRows(index, new Set(), 'nothing-matches')).toEqual([]);
  });

  it('builds ten thousand rows from a flat tree', () => {
    const many = Array.from({ length: 10_000 }, (_, n) => script(`x${n}`, `s${n}.py`, 'g', `geology/s${n}.py`));
    const big = indexTree(folders, many);
    expect(visibleRows(big, new Set(['g']), '')).toHaveLength(10_000 + 3);
  });
});
