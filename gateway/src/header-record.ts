import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherHeaders = Awaited<ReturnType<Fetcher>>['headers'];

/**
 * The headers of one subgraph call, or of its answer, as a plain record of lower-cased names.
 * Apollo's data source and undici's `request` both end up with a record; a WHATWG or node-fetch
 * `Headers` in between validated and copied every name and value on each call, for nothing.
 * Repeated headers are joined with ", ", as `Headers.get` joins them.
 */
export class HeaderRecord implements FetcherHeaders {
  /** Without a prototype, so that no header name (`constructor`, `__proto__`) means anything else. */
  readonly record: Record<string, string> = Object.create(null) as Record<string, string>;

  /** An answer's headers as undici hands them over (arrays for repeated headers). */
  static of(raw: Record<string, string | string[] | undefined>): HeaderRecord {
    const headers = new HeaderRecord();
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) headers.record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return headers;
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const current = this.record[key];
    this.record[key] = current === undefined ? value : `${current}, ${value}`;
  }

  delete(name: string): void {
    delete this.record[name.toLowerCase()];
  }

  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }

  has(name: string): boolean {
    return name.toLowerCase() in this.record;
  }

  set(name: string, value: string): void {
    this.record[name.toLowerCase()] = value;
  }

  entries(): IterableIterator<[string, string]> {
    return Object.entries(this.record)[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.record)[Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return Object.values(this.record)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
