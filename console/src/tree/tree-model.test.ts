import { describe, expect, it } from 'vitest';
import { levelsToLoad, visibleRows, type TreeFolder, type TreeLevel, type TreeScript } from './tree-model';

const folder = (id: string, name: string, parentId: string | null, path: string): TreeFolder => ({
  id,
  name,
  parentId,
  path,
  childCount: 1,
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

const levels = new Map<string | null, TreeLevel>([
  [
    null,
    {
      folders: [folder('a', 'admin', null, 'admin'), folder('g', 'geology', null, 'geology')],
      scripts: [script('s3', 'top.py', null, 'top.py')],
    },
  ],
  [
    'g',
    {
      folders: [folder('w', 'wells', 'g', 'geology/wells')],
      scripts: [script('s2', 'analysis.py', 'g', 'geology/analysis.py')],
    },
  ],
]);
const names = (rows: ReturnType<typeof visibleRows>) =>
  rows.map((row) => `${row.depth}:${row.kind === 'loading' ? `loading ${row.folderId}` : row.label}`);

describe('the tree rows', () => {
  it('shows only the root level, folders before scripts, until a folder is expanded', () => {
    expect(names(visibleRows(levels, new Set()))).toEqual(['0:admin', '0:geology', '0:top.py']);
    expect(names(visibleRows(levels, new Set(['g'])))).toEqual([
      '0:admin',
      '0:geology',
      '1:wells',
      '1:analysis.py',
      '0:top.py',
    ]);
  });

  it('shows a loading row under an expanded folder whose level has not come yet', () => {
    expect(names(visibleRows(levels, new Set(['g', 'w'])))).toEqual([
      '0:admin',
      '0:geology',
      '1:wells',
      '2:loading w',
      '1:analysis.py',
      '0:top.py',
    ]);
    expect(levelsToLoad(new Set(['g', 'w']))).toEqual([null, 'g', 'w']);
  });

  it('shows a filter’s matches flat by path, their folders still expandable', () => {
    const matches = {
      folders: [folder('g', 'geology', null, 'geology')],
      scripts: [script('s1', 'load.py', 'w', 'geology/wells/load.py')],
    };
    expect(names(visibleRows(levels, new Set(['g']), matches))).toEqual([
      '0:geology',
      '1:wells',
      '1:analysis.py',
      '0:geology/wells/load.py',
    ]);
    expect(visibleRows(levels, new Set(), { folders: [], scripts: [] })).toEqual([]);
  });

  it('builds ten thousand rows of one level', () => {
    const many = Array.from({ length: 10_000 }, (_, n) => script(`x${n}`, `s${n}.py`, 'g', `geology/s${n}.py`));
    const big = new Map(levels).set('g', { folders: [], scripts: many });
    expect(visibleRows(big, new Set(['g']))).toHaveLength(10_000 + 3);
  });
});
