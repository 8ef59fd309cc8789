import { ForbiddenError, requireCaller, type Caller, type RequestContext } from '@etl/kit';
import type { EtlBinding } from '../etl/etl-binding.js';
import { datamodulesOf } from '../etl/etl-validation.js';

/** Access types that let a caller bind scripts to a datamodule's fields. */
const BINDING_ACCESS = ['WRITE', 'OWNER'] as const;

/**
 * Changing or deleting a folder or script: its owner with `scripts:write`, or anyone with
 * `scripts:admin`.
 */
export function requireOwnerOrAdmin(caller: Caller, ownerId: string, what: string): void {
  if (caller.can('scripts:admin')) return;
  if (caller.id === ownerId) return caller.require('scripts:write');
  throw new ForbiddenError(`Only the owner of this ${what} (with scripts:write) or scripts:admin may change it`);
}

/**
 * Scripts bound to an ETL task touch datamodules: every datamodule a binding names, before and
 * after a change, needs an approved WRITE or OWNER access (`*` bypasses).
 */
export function requireDatamoduleWrite(caller: Caller, ...bindings: Array<EtlBinding | null | undefined>): void {
  for (const binding of bindings) {
    for (const datamoduleId of datamodulesOf(binding)) {
      if (!caller.hasDatamoduleAccess(datamoduleId, BINDING_ACCESS)) {
        throw new ForbiddenError(`No approved WRITE or OWNER access to datamodule ${JSON.stringify(datamoduleId)}`);
      }
    }
  }
}

/** Changes of any kind need `scripts:write` or `scripts:admin` before anything is looked up. */
export function requireScriptWriter(context: Pick<RequestContext, 'caller' | 'authError'>): Caller {
  const caller = requireCaller(context);
  if (!caller.can('scripts:admin')) caller.require('scripts:write');
  return caller;
}
