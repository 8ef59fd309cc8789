import DataLoader from 'dataloader';

/** A batch function over the request's context, declared once beside the feature it serves. */
export interface LoaderDefinition<K, V, C> {
  readonly name: string;
  readonly batch: (keys: readonly K[], context: C) => Promise<ReadonlyArray<V | Error>>;
}

export function defineLoader<K, V, C>(
  name: string,
  batch: (keys: readonly K[], context: C) => Promise<ReadonlyArray<V | Error>>,
): LoaderDefinition<K, V, C> {
  return { name, batch };
}

/**
 * The request's DataLoaders, made on first use: each request gets its own caches, so one
 * caller never sees another's data and nothing outlives the request.
 */
export class RequestLoaders<C> {
  /** By definition, compared by identity only. */
  private readonly loaders = new Map<object, DataLoader<unknown, unknown>>();

  constructor(private readonly context: () => C) {}

  of<K, V>(definition: LoaderDefinition<K, V, C>): DataLoader<K, V> {
    let loader = this.loaders.get(definition);
    if (!loader) {
      loader = new DataLoader<unknown, unknown>((keys) => definition.batch(keys as readonly K[], this.context()));
      this.loaders.set(definition, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results to match the keys (DataLoader's contract), with `null` for a miss. */
export function byKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}
