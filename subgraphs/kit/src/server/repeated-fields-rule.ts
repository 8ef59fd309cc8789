import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Most times one response key (a field's alias or name) may be selected side by side in one
 * selection set. graphql-js merges repeats, but only after validating and planning every one:
 * `{ __typename __typename … }` five hundred times is work for the server and nothing for the
 * client (graphql-cop's "field duplication" probe).
 */
export const MAX_REPEATED_FIELD = 5;

/** Refuses a selection set that repeats one field more than `max` times; one error per document. */
export function repeatedFieldsRule(max = MAX_REPEATED_FIELD): ValidationRule {
  return (context) => {
    let reported = false;
    return {
      SelectionSet(node) {
        if (reported) return;
        const counts = new Map<string, number>();
        for (const selection of node.selections) {
          if (selection.kind !== 'Field') continue;
          const key = selection.alias?.value ?? selection.name.value;
          const count = (counts.get(key) ?? 0) + 1;
          counts.set(key, count);
          if (count > max) {
            reported = true;
            context.reportError(
              new GraphQLError(`Field "${key}" is selected more than ${max} times in one selection set`, {
                nodes: [selection],
              }),
            );
            return;
          }
        }
      },
    };
  };
}
