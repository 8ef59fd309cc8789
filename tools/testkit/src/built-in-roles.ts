/** The contract's built-in roles and their permissions, as tests expect the bootstrap to make them. */
export const BUILT_IN_ROLES = ['admin', 'editor', 'operator', 'data-manager', 'viewer'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRole, string[]> = {
  admin: ['*'],
  editor: ['files:read', 'files:write', 'scripts:read', 'scripts:release', 'scripts:write'],
  operator: ['files:read', 'files:write', 'logs:read', 'scripts:execute', 'scripts:read'],
  'data-manager': ['datamodules:approve', 'users:read'],
  viewer: ['files:read', 'scripts:read'],
};

/** Who a permission matrix asks: nobody, then a user holding exactly each built-in role. */
export type MatrixCaller = 'anonymous' | BuiltInRole;
export const MATRIX_CALLERS: readonly MatrixCaller[] = ['anonymous', ...BUILT_IN_ROLES];

/** A cell of a permission matrix: an answer whose data is checked, or the one code the contract demands. */
export type MatrixOutcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
export const OK = 'ok';
export const UNAUTH = 'UNAUTHENTICATED';
export const DENIED = 'FORBIDDEN';
