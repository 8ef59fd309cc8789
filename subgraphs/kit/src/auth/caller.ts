import { ForbiddenError } from '../errors/errors.js';
import type { AccessTokenClaims, DatamoduleAccessType } from './access-token.js';
import { ALL_PERMISSIONS, grants } from './permissions.js';

/** The authenticated user behind a request, as its access token describes it. */
export class Caller {
  readonly permissions: ReadonlySet<string>;
  private readonly datamodules: ReadonlyMap<string, ReadonlySet<DatamoduleAccessType>>;

  constructor(
    readonly id: string,
    readonly login: string,
    permissions: Iterable<string>,
    datamodules: Record<string, DatamoduleAccessType[]>,
    /** The session the access token belongs to, when the token names one. */
    readonly sessionId: string | null = null,
  ) {
    this.permissions = new Set(permissions);
    this.datamodules = new Map(Object.entries(datamodules).map(([id, types]) => [id, new Set(types)]));
  }

  static fromClaims(claims: AccessTokenClaims): Caller {
    return new Caller(claims.sub, claims.login, claims.perms, claims.dm, claims.sid ?? null);
  }

  can(permission: string): boolean {
    return grants(this.permissions, permission);
  }

  require(permission: string): void {
    if (!this.can(permission)) throw ForbiddenError.missingPermission(permission);
  }

  /** Whether the caller holds an approved access of one of `types` to a datamodule (`*` bypasses). */
  hasDatamoduleAccess(datamoduleId: string, types: readonly DatamoduleAccessType[]): boolean {
    if (this.permissions.has(ALL_PERMISSIONS)) return true;
    const held = this.datamodules.get(datamoduleId);
    return !!held && types.some((t) => held.has(t));
  }
}
