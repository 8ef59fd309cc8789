import type { BenchStack } from './bench-stack.js';
import type { BenchOperation } from './bench-operations.js';
import type { BenchSettings } from './bench-settings.js';
import { generateLoad, requestFor } from './bench-load.js';

/** A tenth of the memory run (10,000 requests) takes a few minutes at worst; a token lives 15. */
const MEMORY_STEP_TOKEN_SECONDS = 600;

export interface MemoryReport {
  requests: number;
  /** Our gateway's RSS after each tenth of the requests, the first after warm-up. */
  rssMiB: number[];
  errors: number;
  /** The first failed answer's text, if any. */
  firstError: string | null;
}

/**
 * Our gateway's resident set over `memoryRequests` requests of one operation, read after each
 * tenth of them: after the first tenth (warm-up), a leak shows as a steady climb.
 */
export async function measureGatewayMemory(
  stack: BenchStack,
  operation: BenchOperation,
  settings: BenchSettings,
): Promise<MemoryReport> {
  const gateway = stack.gateways.ours;
  const rssMiB: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  for (let step = 0; step < 10; step++) {
    const request = requestFor(
      gateway.url,
      operation,
      await stack.token(MEMORY_STEP_TOKEN_SECONDS),
      settings.connections,
    );
    const result = await generateLoad({ ...request, requests: Math.ceil(settings.memoryRequests / 10) });
    errors += result.errors;
    firstError ??= result.firstError;
    rssMiB.push(gateway.process.rssMiB());
  }
  return { requests: settings.memoryRequests, rssMiB, errors, firstError };
}
