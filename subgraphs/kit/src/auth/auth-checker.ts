import type { AuthCheckerFn } from 'type-graphql';
import { requireCaller, type RequestContext } from '../context/request-context.js';

/**
 * The one AuthChecker of every schema. `@Authorized()` needs a caller; `@Authorized('a', 'b')`
 * needs a caller holding every listed permission. It throws the contract's errors itself
 * (UNAUTHENTICATED, FORBIDDEN naming the missing permission) instead of returning false, so that
 * clients get a precise reason.
 */
export const permissionAuthChecker: AuthCheckerFn<RequestContext, string> = ({ context }, permissions) => {
  const caller = requireCaller(context);
  for (const permission of permissions) caller.require(permission);
  return true;
};
