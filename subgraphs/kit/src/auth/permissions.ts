import { UserInputError } from '../errors/errors.js';

/** Every permission the platform knows, with what it allows (the contract's table). */
export const PERMISSIONS = {
  'scripts:read': "Read folders, scripts, content, versions and the tree, and one's own runs",
  'scripts:write': "Create folders and scripts; change or delete one's own",
  'scripts:admin': "Change or delete anyone's folders, scripts and runs; read every run",
  'scripts:release': 'Release a script version',
  'scripts:execute': 'Run scripts',
  'runs:read': "Read every user's runs: input, result, output and output files (a run's starter reads it without)",
  'files:read': 'Read stored files',
  'files:write': 'Upload or delete stored files',
  'logs:read': 'Read pods and pod logs in the namespaces the logs service shows',
  'users:read': 'Read other users',
  'users:admin': 'Manage users, roles and role assignments',
  'datamodules:approve': 'List, approve and revoke datamodule access requests',
  'audit:read': 'Read the audit log of every service (`auditEvents`)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = '*';
const PERMISSION_PATTERN = /^(\*|[a-z][a-z0-9-]*:(\*|[a-z][a-z0-9-]*))$/;

/**
 * Whether a permission string is one a role may hold: `*`, a known `domain:action`, or
 * `domain:*` for a known domain.
 */
export function isKnownPermission(permission: string): boolean {
  if (permission === ALL_PERMISSIONS || permission in PERMISSIONS) return true;
  if (!permission.endsWith(':*')) return false;
  const domain = permission.slice(0, -1);
  return Object.keys(PERMISSIONS).some((known) => known.startsWith(domain));
}

/** Whether a set of held permissions grants `required` (`*` grants all, `domain:*` a domain). */
export function grants(held: ReadonlySet<string>, required: string): boolean {
  if (held.has(ALL_PERMISSIONS) || held.has(required)) return true;
  const colon = required.indexOf(':');
  return colon > 0 && held.has(`${required.slice(0, colon)}:*`);
}

/** A permission rule: a permission, or `{ any: [...] }` / `{ all: [...] }` of rules. */
export type PermissionRule = string | { any: PermissionRule[] } | { all: PermissionRule[] };

const MAX_RULE_DEPTH = 8;
const MAX_RULE_NODES = 200;

/** Checks a rule's shape (caller input) and returns it typed; a malformed rule is BAD_USER_INPUT. */
export function parsePermissionRule(rule: unknown): PermissionRule {
  let nodes = 0;
  const walk = (node: unknown, depth: number, where: string): PermissionRule => {
    if (++nodes > MAX_RULE_NODES) throw new UserInputError(`Rule has more than ${MAX_RULE_NODES} parts`, 'rule');
    if (depth > MAX_RULE_DEPTH) throw new UserInputError(`Rule is nested deeper than ${MAX_RULE_DEPTH} levels`, 'rule');
    if (typeof node === 'string') {
      if (!PERMISSION_PATTERN.test(node)) {
        throw new UserInputError(
          `Rule ${where}: ${JSON.stringify(node.slice(0, 80))} is not a permission of the form domain:action`,
          'rule',
        );
      }
      return node;
    }
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      const keys = Object.keys(node);
      const op = keys[0];
      if (keys.length === 1 && (op === 'any' || op === 'all')) {
        const items = (node as Record<string, unknown>)[op];
        if (!Array.isArray(items) || items.length === 0) {
          throw new UserInputError(`Rule ${where}.${op} must be a non-empty list of rules`, 'rule');
        }
        const parsed = items.map((item, i) => walk(item, depth + 1, `${where}.${op}[${i}]`));
        return op === 'any' ? { any: parsed } : { all: parsed };
      }
    }
    throw new UserInputError(
      `Rule ${where} must be a permission string or an object with exactly one key, "any" or "all"`,
      'rule',
    );
  };
  return walk(rule, 0, '$');
}

export function evaluatePermissionRule(rule: PermissionRule, held: ReadonlySet<string>): boolean {
  if (typeof rule === 'string') return grants(held, rule);
  if ('any' in rule) return rule.any.some((r) => evaluatePermissionRule(r, held));
  return rule.all.every((r) => evaluatePermissionRule(r, held));
}
