import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';

type GraphQLRequest = GraphQLDataSourceProcessOptions['request'];
type GraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

type Representation = Record<string, unknown>;

/** A request whose repeated entity representations were folded into one each. */
export interface FoldedRepresentations {
  /** The request to send: each distinct representation once. */
  request: GraphQLRequest;
  /** The subgraph's answer spread back over every representation the plan asked for. */
  unfold(response: GraphQLResponse): GraphQLResponse;
}

/**
 * Apollo's executor sends one `_entities` representation per item of the plan's list, repeats
 * included: the owners of 10,000 scripts are 10,000 representations of perhaps 1,000 users, and at
 * ten times the data the request outgrew the users subgraph's body limit. The same representation
 * always resolves to the same entity, so each distinct one is asked once and its answer handed to
 * every position that asked for it (and an error of one, to each of them). Undefined when nothing
 * repeats, so the request goes out as it is.
 */
export function foldRepresentations(request: GraphQLRequest): FoldedRepresentations | undefined {
  const representations = request.variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const distinct: Representation[] = [];
  const positionOfKey = new Map<string, number>();
  const distinctIndexAt: number[] = new Array(representations.length);
  for (let index = 0; index < representations.length; index++) {
    const representation = representations[index] as Representation;
    const key = JSON.stringify(representation);
    let distinctIndex = positionOfKey.get(key);
    if (distinctIndex === undefined) {
      distinctIndex = distinct.push(representation) - 1;
      positionOfKey.set(key, distinctIndex);
    }
    distinctIndexAt[index] = distinctIndex;
  }
  if (distinct.length === representations.length) return undefined;
  return {
    request: { ...request, variables: { ...request.variables, representations: distinct } },
    unfold: (response) => unfold(response, distinctIndexAt, distinct.length),
  };
}

function unfold(response: GraphQLResponse, distinctIndexAt: number[], distinctCount: number): GraphQLResponse {
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  // An answer of another shape is left for Apollo's executor to refuse as it would any other.
  if (!Array.isArray(entities) || entities.length !== distinctCount) return response;
  const positionsOf: number[][] = Array.from({ length: distinctCount }, () => []);
  distinctIndexAt.forEach((distinctIndex, position) => positionsOf[distinctIndex]!.push(position));
  return {
    ...response,
    data: { ...response.data, _entities: distinctIndexAt.map((distinctIndex) => entities[distinctIndex]) },
    errors: response.errors?.flatMap((error) => {
      const path = error.path;
      if (path?.[0] !== '_entities' || typeof path[1] !== 'number' || !positionsOf[path[1]]) return [error];
      return positionsOf[path[1]]!.map((position) => ({ ...error, path: ['_entities', position, ...path.slice(2)] }));
    }),
  };
}
