import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type GraphQLError, type SelectionSetNode } from 'graphql';
import { AuthenticationError, ForbiddenError } from '../errors/errors.js';
import type { RequestContext } from '../context/request-context.js';

/** Root fields that describe the schema: the gateway's business, nobody else's in production. */
const SCHEMA_FIELDS = new Set(['_service', '__schema', '__type']);

/** The names of an operation's root fields, through fragments and inline fragments. */
function rootFieldNames(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldNames(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments[name];
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFieldNames(fragment.selectionSet, fragments, seen);
  });
}

/**
 * A refusal before execution is a request error: without a status, Apollo Server answers an
 * error thrown here with 500, which reads as the server failing.
 */
function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  Object.assign(error.extensions, { http: { status } });
  return error;
}

/**
 * The federation fields a subgraph answers only to whom it should. `_entities` resolves
 * references for the gateway: it needs the gateway's proof or a verified caller (anonymous
 * `_entities` on a subgraph's port once listed every login and display name). In production,
 * `_service { sdl }` and introspection need the gateway's proof: the schema is no map for
 * whoever reaches a subgraph's port.
 */
export function gatewayOnlyFieldsPlugin<C extends RequestContext>(production: boolean): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (contextValue.fromGateway || !operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const fields = rootFieldNames(operation.selectionSet, fragments);
          if (production && fields.some((field) => SCHEMA_FIELDS.has(field))) {
            throw withHttpStatus(ForbiddenError.gatewayOnly(), 403);
          }
          if (fields.includes('_entities') && !contextValue.caller) {
            throw withHttpStatus(contextValue.authError ?? AuthenticationError.required(), 401);
          }
        },
      };
    },
  };
}
