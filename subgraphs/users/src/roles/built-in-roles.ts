/** The roles the bootstrap creates; they cannot be changed or deleted. */
export const BUILT_IN_ROLES = [
  { name: 'admin', description: 'Everything', permissions: ['*'] },
  {
    name: 'editor',
    description: 'Writes and releases scripts',
    permissions: ['scripts:read', 'scripts:write', 'scripts:release', 'files:read', 'files:write'],
  },
  {
    name: 'operator',
    description: "Runs scripts and reads their pods' logs",
    permissions: ['scripts:read', 'scripts:execute', 'files:read', 'files:write', 'logs:read'],
  },
  {
    name: 'data-manager',
    description: 'Approves datamodule access',
    permissions: ['datamodules:approve', 'users:read'],
  },
  {
    name: 'viewer',
    description: 'Reads scripts and files; every new user has it',
    permissions: ['scripts:read', 'files:read'],
  },
] as const;

export const ADMIN_ROLE = 'admin';
export const VIEWER_ROLE = 'viewer';
