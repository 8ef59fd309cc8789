import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import { repeatedFieldsRule } from './repeated-fields-rule.js';

/** The limits on one query document. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
}

/**
 * Validation errors reported for one document before validation stops ("Too many validation
 * errors"): a document of a thousand unknown directives is not worth a thousand errors
 * (graphql-cop's "directive overloading" probe).
 */
export const MAX_VALIDATION_ERRORS = 5;

/** What a server gives Apollo Server to enforce QueryLimits. */
export interface QueryArmor<C extends BaseContext> {
  validationRules: ValidationRule[];
  validationOptions: { maxErrors: number };
  plugins: ApolloServerPlugin<C>[];
}

/**
 * graphql-armor's limits (depth, cost, aliases, directives; field suggestions off in production)
 * plus the repeated-field limit, for the gateway and for the subgraphs' own ports.
 */
export function queryArmor<C extends BaseContext>(limits: QueryLimits, production: boolean): QueryArmor<C> {
  const protection = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    costLimit: { maxCost: limits.maxCost },
    // `__typename` counts too (armor lets it through by default): a hundred aliases of it are
    // graphql-cop's "alias overloading" probe.
    maxAliases: { n: limits.maxAliases, allowList: [] },
    // Token counting happens in graphql-js's own parser (`parseOptions.maxTokens`): armor's
    // version parses a second time and fails syntax errors with a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Field suggestions ("did you mean …") help in development and map the schema for attackers.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    validationRules: [...protection.validationRules, repeatedFieldsRule()],
    validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
    // graphql-armor is typed against Apollo Server's CommonJS declarations; ours are the ESM ones.
    plugins: protection.plugins as unknown as ApolloServerPlugin<C>[],
  };
}
