import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { UserInputError } from '../errors/errors.js';

/**
 * NUL, which PostgreSQL cannot store in text, and UTF-16 surrogates without their pair, which
 * have no UTF-8 form and would be stored as U+FFFD: a different text than the one sent.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The name of the field (or variable) holding unstorable text, `''` at the top, or null for none. */
function fieldWithUnstorableText(value: unknown, name: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? name : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = fieldWithUnstorableText(item, name);
      if (found !== null) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = fieldWithUnstorableText(item, key);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Apollo reuses a parsed document across requests, so its literals are walked once. */
const documentsWithUnstorableText = new WeakMap<DocumentNode, boolean>();

function documentHasUnstorableText(document: DocumentNode): boolean {
  let found = documentsWithUnstorableText.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING]: (node) => {
        if (UNSTORABLE.test(node.value)) found = true;
      },
    });
    documentsWithUnstorableText.set(document, found);
  }
  return found;
}

/**
 * PostgreSQL cannot store a NUL character in text: a query that carries one fails inside the
 * driver; an unpaired surrogate would be stored changed. No field of the platform accepts
 * either, so a request with one anywhere in its variables or literals is refused up front
 * with BAD_USER_INPUT.
 */
export function textInputGuardPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = fieldWithUnstorableText(request.variables ?? {}, '');
          if (field !== null || documentHasUnstorableText(document)) {
            const error = new UserInputError(
              'Text must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates',
              field || undefined,
            );
            // Answered as a normal GraphQL error (HTTP 200), so the gateway passes it on as it is.
            error.extensions.http = { status: 200 };
            throw error;
          }
        },
      };
    },
  };
}
