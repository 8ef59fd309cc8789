import { describe, expect, it } from 'vitest';
import { actionsFor, anyAllowed } from '../tree/tree-actions';
import type { TreeScript } from '../tree/tree-model';
import { canChange, canCreate, canRelease, canRun, holds } from './permissions';

const user = (permissions: string[], id = 'me') => ({ id, login: id, displayName: null, permissions });
const viewer = user(['files:read', 'scripts:read']);
const operator = user(['files:read', 'files:write', 'logs:read', 'scripts:execute', 'scripts:read']);
const editor = user(['files:read', 'files:write', 'scripts:read', 'scripts:release', 'scripts:write']);
const admin = user(['*']);
const script = (ownerId: string): TreeScript => ({
  id: 's',
  name: 'a.py',
  folderId: null,
  logicalPath: 'a.py',
  version: 1,
  releasedVersion: null,
  owner: { id: ownerId, login: ownerId },
});

describe('permissions in the console', () => {
  it('grants through exact names, domain wildcards and *', () => {
    expect(holds(user(['scripts:*']), 'scripts:write')).toBe(true);
    expect(holds(admin, 'users:admin')).toBe(true);
    expect(holds(viewer, 'scripts:write')).toBe(false);
    expect(holds(null, 'scripts:read')).toBe(false);
  });

  it('gives a viewer no write action, each refused with its reason', () => {
    const actions = [
      ...actionsFor(viewer, { kind: 'root' }),
      ...actionsFor(viewer, { kind: 'script', script: script('me') }),
    ];
    expect(anyAllowed(actions)).toBe(false);
    expect(canCreate(viewer)).toEqual({ allowed: false, reason: 'Creating needs the scripts:write permission' });
    expect(canRun(viewer).allowed).toBe(false);
  });

  it('lets an operator run but not edit or release', () => {
    expect(canRun(operator).allowed).toBe(true);
    expect(canChange(operator, 'me').allowed).toBe(false);
    expect(canRelease(operator).allowed).toBe(false);
  });

  it("lets an editor change what it owns only, and a scripts:admin anyone's", () => {
    expect(canChange(editor, 'me')).toEqual({ allowed: true });
    expect(canChange(editor, 'someone-else')).toEqual({
      allowed: false,
      reason: 'Only its owner or a scripts:admin may change it',
    });
    expect(canChange(admin, 'someone-else').allowed).toBe(true);
  });
});
