import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUEST_ID_HEADER } from '@etl/kit';

/** A subgraph's answer as read off the wire, before any caller parses it. */
export interface SubgraphAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What the data source sends: the URL, the headers it forwards and the JSON body. */
export interface SubgraphCall {
  url: string;
  headers: Record<string, string> | undefined;
  body: string | Buffer | undefined;
}

/** Marks the subgraph calls made while the gateway serves a client's query (never a mutation). */
const servingQuery = new AsyncLocalStorage<true>();

/** Runs `work` (a data source's `process`) as part of a query, whose subgraph calls may be shared. */
export function whileServingQuery<T>(work: () => T): T {
  return servingQuery.run(true, work);
}

/**
 * The key of a call: everything the subgraph sees of it but the request id, which differs on every
 * request and is only for logs. Two calls with one key are the same question asked by the same
 * caller (same Authorization, address, User-Agent and public host) and get the same answer.
 */
function sharingKey(call: SubgraphCall & { body: string }): string {
  let key = `${call.url}\n${call.body}`;
  for (const name in call.headers) {
    if (name.toLowerCase() !== REQUEST_ID_HEADER) key += `\n${name}:${call.headers[name]}`;
  }
  return key;
}

/**
 * Identical subgraph queries in flight at the same time share one HTTP call, as Hive Gateway's
 * HTTP executor does by default: ten clients of one dashboard polling one field cost the subgraph
 * one query. Only calls made for a client's query are shared (not those of a mutation's plan,
 * which must see the mutation's writes), and only while in flight: nothing is cached after the
 * answer arrives; and a call in flight when a mutation's call ends is shared no more, so a query
 * sent after a mutation's answer sees its writes. One instance serves every subgraph, since a
 * mutation in one may change what another answers. Each caller parses the shared body itself, so
 * no object is shared between requests. The subgraph logs the first caller's request id; each
 * gateway request logs its own.
 */
export class InflightQuerySharing {
  private readonly inflight = new Map<string, Promise<SubgraphAnswer>>();

  answer(call: SubgraphCall, send: () => Promise<SubgraphAnswer>): Promise<SubgraphAnswer> {
    // Once a mutation's call has ended, a query must not join a call that began before it and
    // may have read what the mutation changed: every call in flight then is no longer shared.
    if (!servingQuery.getStore()) return send().finally(() => this.inflight.clear());
    if (typeof call.body !== 'string') return send();
    const key = sharingKey({ ...call, body: call.body });
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = send();
      this.inflight.set(key, pending);
      const forget = () => void this.inflight.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }
}
