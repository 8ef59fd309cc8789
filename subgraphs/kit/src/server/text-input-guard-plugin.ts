import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { UserInputError } from '../errors/errors.js';

/**
 * NUL, which PostgreSQL cannot store in text or jsonb, and UTF-16 surrogates without their pair,
 * which have no UTF-8 form and would be stored as U+FFFD: a different text than the one sent.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * How deep a variable's value may nest (a JSON argument, say). Deeper values are nobody's data,
 * and recursive code on the way (JSON.stringify in the gateway, Python's json reader) runs out
 * of stack on them.
 */
export const MAX_VARIABLE_DEPTH = 100;

export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Text that came from elsewhere (a process's output), with what cannot be stored made U+FFFD. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\uFFFD');
}

interface InputProblem {
  field: string;
  message: string;
}

const UNSTORABLE_MESSAGE = 'Text must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates';

/**
 * What is wrong with a variable's value, or null: unstorable text names the innermost field that
 * holds it; an unstorable key or too deep a value names the variable.
 */
function inputProblem(value: unknown, name: string, depth: number, variable: string): InputProblem | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { field: name, message: UNSTORABLE_MESSAGE } : null;
  if (!value || typeof value !== 'object') return null;
  if (depth > MAX_VARIABLE_DEPTH) {
    return { field: variable, message: `Input must not be nested more than ${MAX_VARIABLE_DEPTH} levels deep` };
  }
  const entries = Array.isArray(value) ? value.map((item): [string, unknown] => [name, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (UNSTORABLE.test(key)) return { field: depth === 0 ? key : variable, message: UNSTORABLE_MESSAGE };
    const field = Array.isArray(value) ? name : key;
    const found = inputProblem(item, field, depth + 1, depth === 0 ? field : variable);
    if (found) return found;
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
 * Refuses up front, with BAD_USER_INPUT, a request whose variables or literals hold text that
 * PostgreSQL cannot store (or would store changed), in a value or an object key, or a value
 * nested deeper than MAX_VARIABLE_DEPTH. No field of the platform accepts either. The gateway
 * runs it too, so a hostile value never reaches the code that forwards it.
 */
export function textInputGuardPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problem =
            inputProblem(request.variables ?? {}, '', 0, '') ??
            (documentHasUnstorableText(document) ? { field: '', message: UNSTORABLE_MESSAGE } : null);
          if (problem) {
            const error = new UserInputError(problem.message, problem.field || undefined);
            // Answered as a normal GraphQL error (HTTP 200), so the gateway passes it on as it is.
            error.extensions.http = { status: 200 };
            throw error;
          }
        },
      };
    },
  };
}
