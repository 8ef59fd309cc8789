import type { ConsoleUser } from './session-api';

/** Whether held permissions grant one: exactly, through `domain:*`, or through `*`. */
export function holds(user: Pick<ConsoleUser, 'permissions'> | null, permission: string): boolean {
  if (!user) return false;
  const domain = permission.split(':')[0];
  return user.permissions.some((held) => held === permission || held === '*' || held === `${domain}:*`);
}

/** Whether an action is allowed, and when not, why (shown beside the disabled control). */
export type Allowance = { allowed: true } | { allowed: false; reason: string };

const allowed: Allowance = { allowed: true };
const deny = (reason: string): Allowance => ({ allowed: false, reason });

/** Creating folders and scripts: `scripts:write`. */
export function canCreate(user: ConsoleUser | null): Allowance {
  return holds(user, 'scripts:write') ? allowed : deny('Creating needs the scripts:write permission');
}

/** Renaming, moving, editing, deleting an item: its owner with `scripts:write`, or `scripts:admin`. */
export function canChange(user: ConsoleUser | null, ownerId: string | null | undefined): Allowance {
  if (holds(user, 'scripts:admin')) return allowed;
  if (!holds(user, 'scripts:write')) return deny('Changing scripts needs the scripts:write permission');
  if (ownerId !== user?.id) return deny('Only its owner or a scripts:admin may change it');
  return allowed;
}

/** Releasing a script's newest version: `scripts:release`. */
export function canRelease(user: ConsoleUser | null): Allowance {
  return holds(user, 'scripts:release') ? allowed : deny('Releasing needs the scripts:release permission');
}

/** Starting runs: `scripts:execute`. */
export function canRun(user: ConsoleUser | null): Allowance {
  return holds(user, 'scripts:execute') ? allowed : deny('Running scripts needs the scripts:execute permission');
}
