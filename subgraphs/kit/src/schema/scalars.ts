import { GraphQLJSON } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';

/**
 * `DateTime`: an ISO-8601 string with a time zone, as the contract says. graphql-scalars'
 * resolver is used for parsing; its description is replaced by one that reads well in Sandbox.
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant as an ISO-8601 string with a time zone, for example `2026-11-22T10:15:30.000Z`.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== 'StringValue') throw new TypeError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value)) {
    throw new TypeError('DateTime must be an ISO-8601 string with a time zone, e.g. 2026-11-22T10:15:30Z');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime ${JSON.stringify(value)} is not a valid instant`);
  return date;
}

export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'Any JSON value: an object, an array, a string, a number, a boolean or null.',
});
