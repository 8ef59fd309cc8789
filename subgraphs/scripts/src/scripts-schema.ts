import { buildFederatedSchema, type SubgraphSchemaOptions } from '@etl/kit';
import type { GraphQLSchema } from 'graphql';
import { scriptsReferenceResolvers } from './entity-references.js';
import { FileResolver } from './files/file.resolver.js';
import { FolderResolver } from './folders/folder.resolver.js';
import { ScriptRunResolver } from './runs/script-run.resolver.js';
import { ScriptVersionResolver } from './scripts/script-version.resolver.js';
import { ScriptResolver } from './scripts/script.resolver.js';
import { TreeLevelResolver } from './tree/tree-level.resolver.js';
import { TreeSearchResolver } from './tree/tree-search.resolver.js';
import { TreeResolver } from './tree/tree.resolver.js';
import { UserScriptsResolver } from './users/user-scripts.resolver.js';

/** The scripts subgraph's schema parts; the server adds resolver instances with their services. */
export const scriptsSchemaOptions: SubgraphSchemaOptions = {
  resolvers: [
    TreeResolver,
    TreeLevelResolver,
    TreeSearchResolver,
    FolderResolver,
    ScriptResolver,
    ScriptVersionResolver,
    UserScriptsResolver,
    ScriptRunResolver,
    FileResolver,
  ],
  referenceResolvers: scriptsReferenceResolvers,
};

/** The schema alone, without a server or database: for composing the supergraph. */
export function buildScriptsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(scriptsSchemaOptions);
}
