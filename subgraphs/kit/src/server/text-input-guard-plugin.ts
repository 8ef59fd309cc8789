import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { UserInputError } from '../errors/errors.js';

/** The name of the field (or variable) holding a NUL character, `''` at the top, or null for none. */
function fieldWithNul(value: unknown, name: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? name : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = fieldWithNul(item, name);
      if (found !== null) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = fieldWithNul(item, key);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Apollo reuses a parsed document across requests, so its literals are walked once. */
const documentsWithNul = new WeakMap<DocumentNode, boolean>();

function documentHasNul(document: DocumentNode): boolean {
  let found = documentsWithNul.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING]: (node) => {
        if (node.value.includes('\u0000')) found = true;
      },
    });
    documentsWithNul.set(document, found);
  }
  return found;
}

/**
 * PostgreSQL cannot store a NUL character in text: a query that carries one fails inside the
 * driver. No field of the platform accepts NUL, so a request with one anywhere in its
 * variables or literals is refused up front with BAD_USER_INPUT.
 */
export function textInputGuardPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = fieldWithNul(request.variables ?? {}, '');
          if (field !== null || documentHasNul(document)) {
            const error = new UserInputError('Text must not contain NUL (\\u0000) characters', field || undefined);
            // Answered as a normal GraphQL error (HTTP 200), so the gateway passes it on as it is.
            error.extensions.http = { status: 200 };
            throw error;
          }
        },
      };
    },
  };
}
