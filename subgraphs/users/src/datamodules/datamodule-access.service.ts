import {
  assertUuid,
  EXTERNAL_ID_RULE,
  ForbiddenError,
  isExternalId,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { ref, type EntityManager } from '@mikro-orm/postgresql';
import { User } from '../users/user.entity.js';
import { type AccessType, DatamoduleAccess } from './datamodule-access.entity.js';

/** What an audit event says about an access: whose, to which datamodule, of which types. */
function accessFacts(access: DatamoduleAccess) {
  return {
    target: { type: 'DatamoduleAccess', id: access.id },
    details: { userId: access.user.id, datamoduleId: access.datamoduleId, accessTypes: access.accessTypes },
  };
}

/** Access requests to external datamodules: a user asks, someone with `datamodules:approve` decides. */
export class DatamoduleAccessService {
  /** A new pending request, or the caller's pending one for that datamodule with the new types. */
  async request(
    em: EntityManager,
    caller: Caller,
    datamoduleId: string,
    accessTypes: AccessType[],
    source: AuditSource,
  ): Promise<DatamoduleAccess> {
    if (!isExternalId(datamoduleId)) {
      throw new UserInputError(`datamoduleId must be ${EXTERNAL_ID_RULE}`, 'datamoduleId');
    }
    const types = [...new Set(accessTypes)].sort();
    if (types.length === 0) throw new UserInputError('Request at least one access type', 'accessTypes');
    const pending = await em.findOne(DatamoduleAccess, { user: caller.id, datamoduleId, approved: false });
    const access = pending ?? new DatamoduleAccess(ref(User, caller.id), datamoduleId, types);
    access.accessTypes = types;
    em.persist(access);
    recordAudit(em, source, { action: 'datamodule-access.request', ...accessFacts(access) });
    await em.flush();
    return access;
  }

  async approve(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<DatamoduleAccess> {
    const access = await this.get(em, id);
    if (!access.approved) {
      access.approved = true;
      access.approvedBy = caller.id;
      access.approvedAt = new Date();
      recordAudit(em, source, { action: 'datamodule-access.approve', ...accessFacts(access) });
      await em.flush();
    }
    return access;
  }

  /** An approver revokes any access; a user may withdraw their own. */
  async revoke(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    const access = await this.get(em, id);
    if (access.user.id !== caller.id && !caller.can('datamodules:approve')) {
      throw ForbiddenError.missingPermission('datamodules:approve');
    }
    recordAudit(em, source, { action: 'datamodule-access.revoke', ...accessFacts(access) });
    await em.remove(access).flush();
    return true;
  }

  pending(em: EntityManager): Promise<DatamoduleAccess[]> {
    return em.find(DatamoduleAccess, { approved: false }, { orderBy: { createdAt: 'asc' }, limit: 500 });
  }

  private async get(em: EntityManager, id: string): Promise<DatamoduleAccess> {
    const access = await em.findOne(DatamoduleAccess, assertUuid(id));
    if (!access) throw NotFoundError.entity('Datamodule access', id);
    return access;
  }
}
