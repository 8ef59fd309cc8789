import { requireCaller, requirePermission, type ReferenceResolvers, type DatabaseRequestContext } from '@etl/kit';
import { folderById } from './folders/folder.loaders.js';
import { mayReadRun, runAccessErrors } from './runs/run-access.js';
import { scriptRunById } from './runs/script-run.loaders.js';
import { scriptById } from './scripts/script.loaders.js';
import { userReference } from './users/user.type.js';

/**
 * How other subgraphs' references to this one's entities resolve: batched by the loaders, so a
 * whole `_entities` call is one statement per type; scripts and folders need `scripts:read`, runs
 * also to be readable by the caller (its starter, `scripts:admin` or `runs:read`).
 */
export const scriptsReferenceResolvers: ReferenceResolvers = {
  Script: {
    __resolveReference: (reference: { id: string }, ctx: DatabaseRequestContext) => {
      requirePermission(ctx, 'scripts:read');
      return ctx.loaders.of(scriptById).load(reference.id);
    },
  },
  Folder: {
    __resolveReference: (reference: { id: string }, ctx: DatabaseRequestContext) => {
      requirePermission(ctx, 'scripts:read');
      return ctx.loaders.of(folderById).load(reference.id);
    },
  },
  ScriptRun: {
    __resolveReference: async (reference: { id: string }, ctx: DatabaseRequestContext) => {
      requirePermission(ctx, 'scripts:read');
      const run = await ctx.loaders.of(scriptRunById).load(reference.id);
      if (run && !mayReadRun(requireCaller(ctx), run)) throw runAccessErrors.notReadable();
      return run;
    },
  },
  User: { __resolveReference: (reference: { id: string }) => userReference(reference.id) },
};
