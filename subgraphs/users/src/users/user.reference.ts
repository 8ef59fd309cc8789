import type { ReferenceResolvers, DatabaseRequestContext } from '@etl/kit';
import { userById } from './user.loaders.js';

/** Users referenced from other subgraphs; a whole `_entities` call is one batched statement. */
export const userReferenceResolvers: ReferenceResolvers = {
  User: {
    __resolveReference: (reference: { id: string }, ctx: DatabaseRequestContext) =>
      ctx.loaders.of(userById).load(reference.id),
  },
};
