import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderInConsole } from '../test-render';
import { ScriptTreeRow } from './script-tree';
import { visibleRows, type TreeFolder, type TreeScript } from './tree-model';

const owner = { id: 'me', login: 'me' };
const folders: TreeFolder[] = [{ id: 'f', name: 'geology', parentId: null, path: 'geology', childCount: 3, owner }];
const scripts: TreeScript[] = [
  { id: 's', name: 'wells.py', folderId: null, logicalPath: 'wells.py', version: 2, releasedVersion: 1, owner },
];
const rows = visibleRows(new Map([[null, { folders, scripts }]]), new Set());
const user = (permissions: string[]) => ({ id: 'me', login: 'me', displayName: null, permissions });

// The rows are rendered without the virtualizer: happy-dom lays nothing out, so it would show none.
const renderRows = (permissions: string[], onToggle = vi.fn()) =>
  renderInConsole(
    <>
      {rows.map((row, index) => (
        <ScriptTreeRow key={index} row={row} user={user(permissions)} onToggle={onToggle} onAction={vi.fn()} />
      ))}
    </>,
  );

describe('the script tree', () => {
  it('shows folders and scripts with owner and versions, and expands a folder on click', () => {
    const onToggle = vi.fn();
    renderRows(['*'], onToggle);
    expect(screen.getByRole('link', { name: 'wells.py' }).getAttribute('href')).toBe('/scripts/s');
    expect(screen.getByText(/v2 · released v1 · me/)).toBeTruthy();
    expect(screen.getByText('3 · me')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Expand folder geology' }));
    expect(onToggle).toHaveBeenCalledWith('f');
    expect(screen.getByRole('button', { name: 'Actions for wells.py' })).toBeTruthy();
  });

  it('gives a viewer no action menus at all', () => {
    renderRows(['scripts:read']);
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });
});
