import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchOperation } from './bench-operations.js';
import type { LoadResult, LoadSpec } from './load-process.js';

const LOAD_PROCESS = fileURLToPath(new URL('./load-process.js', import.meta.url));
const run = promisify(execFile);

/** The request a client sends for `operation`, as a load spec without its duration. */
export function requestFor(url: string, operation: BenchOperation, token: string, connections: number) {
  return {
    url,
    body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    connections,
  };
}

/** Drives one load in the load generator's own process and returns what it measured. */
export async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [LOAD_PROCESS, JSON.stringify(spec)], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
}

/**
 * One request, checked before the load: why it failed, or null when it answered data without
 * errors. A failing operation is still measured (its errors column then says so, with this text)
 * rather than stopping the whole run: at ten times the data, one operation may fail for real.
 */
export async function checkOperation(url: string, operation: BenchOperation, token: string): Promise<string | null> {
  const request = requestFor(url, operation, token, 1);
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  let body: { data?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON: reported below with the text itself.
  }
  if (response.status === 200 && !body.errors && body.data) return null;
  return `${operation.name} at ${url} failed (HTTP ${response.status}): ${text.slice(0, 500)}`;
}
