import {
  assertUuid,
  grants,
  hasControlCharacter,
  isKnownPermission,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AccessTokenSigner,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { ref, type EntityManager } from '@mikro-orm/postgresql';
import { permissionsOf, tokenContentOf } from '../users/user-grants.js';
import { UserKind } from '../users/user-kind.js';
import { User } from '../users/user.entity.js';
import { apiTokenErrors } from './api-token-errors.js';
import type { CreateApiTokenInput, CreatedApiToken } from './api-token-inputs.js';
import { hashApiTokenSecret, isApiTokenSecret, newApiTokenSecret, shownPartOf } from './api-token-secret.js';
import { ApiToken, MAX_API_TOKEN_NAME_LENGTH } from './api-token.entity.js';
import type { TokenRevocations } from '../revocations/token-revocations.js';
import { accountErrors } from '../accounts/account-errors.js';

const MAX_TOKEN_PERMISSIONS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_API_TOKEN_NAME_LENGTH || hasControlCharacter(trimmed)) {
    throw new UserInputError(
      `Name must be 1–${MAX_API_TOKEN_NAME_LENGTH} characters without control characters`,
      'name',
    );
  }
  return trimmed;
}

function checkPermissionList(permissions: string[]): string[] {
  const unique = [...new Set(permissions)].sort();
  if (unique.length === 0 || unique.length > MAX_TOKEN_PERMISSIONS) {
    throw new UserInputError(`A token holds 1–${MAX_TOKEN_PERMISSIONS} permissions`, 'permissions');
  }
  for (const permission of unique) {
    if (!isKnownPermission(permission))
      throw new UserInputError(`Unknown permission ${JSON.stringify(permission.slice(0, 80))}`, 'permissions');
  }
  return unique;
}

async function permissionSetOf(user: User): Promise<ReadonlySet<string>> {
  return new Set(permissionsOf(await user.roles.loadItems()));
}

/** API tokens: made with at most their creator's permissions, exchanged for access tokens, revoked. */
export class ApiTokenService {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly maxLifetimeDays: number,
    private readonly revocations: TokenRevocations,
  ) {}

  async create(
    em: EntityManager,
    caller: Caller,
    input: CreateApiTokenInput,
    source: AuditSource,
  ): Promise<CreatedApiToken> {
    const name = checkName(input.name);
    const permissions = checkPermissionList(input.permissions);
    const expiresAt = this.checkExpiry(input.expiresAt);
    const creator = await em.findOne(User, caller.id);
    if (!creator) throw NotFoundError.entity('User', caller.id);
    // A token minted with a reset password would outlive the reset's restriction.
    if (creator.passwordChangeRequired) throw accountErrors.passwordChangeRequired();
    const owner = await this.ownerFor(em, caller, creator, input.userId);
    // Read from the database, not from the caller's token: a role taken away a minute ago counts.
    const creatorHolds = await permissionSetOf(creator);
    const ownerHolds = owner === creator ? creatorHolds : await permissionSetOf(owner);
    for (const permission of permissions) {
      if (!grants(creatorHolds, permission)) throw apiTokenErrors.notHeldByCreator(permission);
      if (!grants(ownerHolds, permission)) throw apiTokenErrors.notHeldByOwner(permission);
    }
    const secret = newApiTokenSecret();
    const apiToken = new ApiToken({
      owner: ref(owner),
      createdBy: creator.id,
      name,
      permissions,
      secretStart: shownPartOf(secret),
      secretHash: hashApiTokenSecret(secret),
      expiresAt,
    });
    em.persist(apiToken);
    recordAudit(em, source, {
      action: 'api-token.create',
      target: { type: 'ApiToken', id: apiToken.id },
      details: { name, ownerId: owner.id, permissions, expiresAt: expiresAt.toISOString() },
    });
    await em.flush();
    return { apiToken, secret };
  }

  /** The tokens of a user, newest first: one's own, or anyone's with `users:admin`. */
  async list(em: EntityManager, caller: Caller, userId: string | null | undefined): Promise<ApiToken[]> {
    const ownerId = userId ? assertUuid(userId, 'userId') : caller.id;
    if (ownerId !== caller.id) caller.require('users:admin');
    return em.find(ApiToken, { owner: ownerId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  }

  async revoke(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<ApiToken> {
    const apiToken = await em.findOne(ApiToken, assertUuid(id));
    // Someone else's token is "not found" unless the caller may manage it.
    if (!apiToken || (apiToken.owner.id !== caller.id && !caller.can('users:admin'))) {
      throw NotFoundError.entity('ApiToken', id);
    }
    if (!apiToken.revokedAt) {
      apiToken.revokedAt = new Date();
      // Its access tokens carry its id as their session: they stop working everywhere too.
      await this.revocations.revokeSessions(em, apiToken.owner.id, [apiToken.id]);
      recordAudit(em, source, {
        action: 'api-token.revoke',
        target: { type: 'ApiToken', id: apiToken.id },
        details: { ownerId: apiToken.owner.id },
      });
    }
    await em.flush();
    return apiToken;
  }

  /**
   * Trades a secret for an access token of the token's owner, with the token's permissions cut to
   * what the owner holds now. The access token's session id is the API token's id, so revoking
   * the API token revokes its access tokens too.
   */
  async exchange(em: EntityManager, secret: string): Promise<{ accessToken: string; expiresAt: Date }> {
    if (!isApiTokenSecret(secret)) throw apiTokenErrors.invalid();
    const apiToken = await em.findOne(ApiToken, { secretHash: hashApiTokenSecret(secret) }, { populate: ['owner'] });
    if (!apiToken || apiToken.revokedAt || apiToken.expiresAt.getTime() <= Date.now()) throw apiTokenErrors.invalid();
    const owner = apiToken.owner.getEntity();
    if (owner.disabledAt || owner.deletedAt) throw apiTokenErrors.invalid();
    const content = await tokenContentOf(em, owner);
    const ownerHolds = new Set(content.perms);
    const perms = apiToken.permissions.filter((permission) => grants(ownerHolds, permission));
    apiToken.lastUsedAt = new Date();
    await em.flush();
    const issuedAt = await this.revocations.issueTime(em, owner.id);
    const claims = { ...content, perms, sid: apiToken.id };
    const { token, expiresAt } = this.signer.sign(claims, issuedAt, apiToken.expiresAt);
    return { accessToken: token, expiresAt };
  }

  private checkExpiry(expiresAt: Date): Date {
    const now = Date.now();
    if (expiresAt.getTime() <= now) throw new UserInputError('expiresAt must be in the future', 'expiresAt');
    if (expiresAt.getTime() > now + this.maxLifetimeDays * DAY_MS) {
      throw new UserInputError(`expiresAt must be at most ${this.maxLifetimeDays} days ahead`, 'expiresAt');
    }
    return expiresAt;
  }

  private async ownerFor(
    em: EntityManager,
    caller: Caller,
    creator: User,
    userId: string | null | undefined,
  ): Promise<User> {
    if (!userId || userId === creator.id) return creator;
    caller.require('users:admin');
    const owner = await em.findOne(User, { id: assertUuid(userId, 'userId'), deletedAt: null });
    if (!owner) throw NotFoundError.entity('User', userId);
    if (owner.kind !== UserKind.SERVICE_ACCOUNT) throw apiTokenErrors.ownerIsAPerson();
    return owner;
  }
}
