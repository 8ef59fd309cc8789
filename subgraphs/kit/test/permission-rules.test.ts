import { describe, expect, it } from 'vitest';
import {
  Caller,
  evaluatePermissionRule,
  grants,
  isKnownPermission,
  parsePermissionRule,
  UserInputError,
} from '@etl/kit';

const editor = new Set(['scripts:read', 'scripts:write', 'scripts:release', 'files:read', 'files:write']);

describe('permission grants', () => {
  it('grants a held permission, * everything, and domain:* a domain', () => {
    expect(grants(editor, 'scripts:write')).toBe(true);
    expect(grants(editor, 'scripts:admin')).toBe(false);
    expect(grants(new Set(['*']), 'users:admin')).toBe(true);
    expect(grants(new Set(['scripts:*']), 'scripts:admin')).toBe(true);
    expect(grants(new Set(['scripts:*']), 'files:read')).toBe(false);
  });

  it('knows the contract permissions and rejects made-up ones', () => {
    for (const known of ['*', 'scripts:read', 'datamodules:approve', 'logs:*'])
      expect(isKnownPermission(known), known).toBe(true);
    for (const unknown of ['scripts:fly', 'root', 'nothing:*', '', 'scripts:read '])
      expect(isKnownPermission(unknown), unknown).toBe(false);
  });
});

describe('permission rules', () => {
  const evaluate = (rule: unknown, held: Set<string>) => evaluatePermissionRule(parsePermissionRule(rule), held);

  it('evaluates the contract example', () => {
    const rule = { any: ['scripts:admin', { all: ['scripts:write', 'scripts:release'] }] };
    expect(evaluate(rule, editor)).toBe(true);
    expect(evaluate(rule, new Set(['scripts:write']))).toBe(false);
    expect(evaluate(rule, new Set(['scripts:admin']))).toBe(true);
    expect(evaluate('files:read', editor)).toBe(true);
    expect(evaluate({ all: ['files:read', { any: ['logs:read', 'users:read'] }] }, editor)).toBe(false);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['an array', ['scripts:read']],
    ['an unknown key', { anyy: ['scripts:read'] }],
    ['two keys', { any: ['scripts:read'], all: ['files:read'] }],
    ['an empty list', { any: [] }],
    ['a list that is a string', { all: 'scripts:read' }],
    ['a string that is no permission', 'drop table users'],
    ['a nested bad part', { any: ['scripts:read', { all: [7] }] }],
    ['nesting 50 levels deep', JSON.parse(`${'{"any":['.repeat(50)}"scripts:read"${']}'.repeat(50)}`)],
    ['1,000 parts', { any: Array.from({ length: 1000 }, () => 'scripts:read') }],
  ])('rejects %s with BAD_USER_INPUT', (_name, rule) => {
    let error: unknown;
    try {
      parsePermissionRule(rule);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rule' });
  });
});

describe('the caller of a request', () => {
  const caller = new Caller('u1', 'ana', ['scripts:write'], { 'dm-geo': ['WRITE'], 'dm-read': ['READ'] }, 'session-1');

  it('answers and requires permissions, naming the missing one', () => {
    expect(caller.can('scripts:write')).toBe(true);
    expect(() => caller.require('scripts:admin')).toThrow(
      expect.objectContaining({ message: 'Missing permission: scripts:admin', extensions: { code: 'FORBIDDEN' } }),
    );
  });

  it('holds only its approved datamodule access types, unless it has *', () => {
    expect(caller.hasDatamoduleAccess('dm-geo', ['WRITE', 'OWNER'])).toBe(true);
    expect(caller.hasDatamoduleAccess('dm-read', ['WRITE', 'OWNER'])).toBe(false);
    expect(caller.hasDatamoduleAccess('dm-unknown', ['READ'])).toBe(false);
    expect(new Caller('u2', 'root', ['*'], {}).hasDatamoduleAccess('dm-unknown', ['OWNER'])).toBe(true);
    expect(new Caller('u3', 'scripts-admin', ['scripts:*'], {}).hasDatamoduleAccess('dm-geo', ['WRITE'])).toBe(false);
  });
});
