/**
 * Kills a run's whole process group: the interpreter is spawned detached, so it leads a group of
 * its own, and whatever it forks (and does not move out with setsid) is in that group too.
 * Returns false when the group is already gone.
 */
export function killProcessGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch (error) {
    // ESRCH: nothing left in the group. EPERM: a member changed its user; nothing more to do here.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return false;
    throw error;
  }
}
