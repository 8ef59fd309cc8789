import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testServerUrl } from '@etl/testkit';

const BENCH = fileURLToPath(new URL('../dist/side-by-side/side-by-side-bench.js', import.meta.url));
const OPERATIONS = ['me', 'tree', 'folder', 'users', 'scriptByPath', 'podLogs', 'runScript'];
const GATEWAYS = ['ours', 'apollo', 'hive'];
const FLOORS: Record<string, string> = { me: 'users', scriptByPath: 'scripts', podLogs: 'logs', runScript: 'scripts' };

interface TargetSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  cpuCores: number;
  cpuMsPerRequest: number;
  peakRssMiB: number;
}

/**
 * `pnpm bench --short` runs end to end (the built benchmark, as `pnpm bench` runs it: seeding,
 * every service and peer as its own process, the load generator in another), prints both
 * tables and writes its JSON, with no failed request. Its figures are not judged here.
 */
describe('pnpm bench --short', () => {
  const resultsDir = mkdtempSync(join(tmpdir(), 'etl-bench-results-'));
  afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

  it('measures every operation through the floor and each gateway without an error', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BENCH, '--short'], {
      env: { ...process.env, TEST_DATABASE_URL: testServerUrl(), BENCH_RESULTS_DIR: resultsDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(
      '| operation | floor (subgraph alone) | our gateway | stock @apollo/gateway | Hive Gateway | ours ÷ floor | ours ÷ Apollo | ours ÷ Hive |',
    );
    expect(stdout).toContain(
      '| operation | target | req/s | p50 ms | p95 ms | p99 ms | errors | CPU (cores) | CPU ms per request | peak RSS MiB |',
    );
    const [file] = readdirSync(resultsDir);
    expect(file).toMatch(/-short\.json$/);
    const report = JSON.parse(readFileSync(join(resultsDir, file!), 'utf8')) as {
      settings: { mode: string };
      machine: { cpus: number; node: string };
      data: { users: number; scripts: number };
      operations: Array<{ name: string; floor: string | null; targets: Record<string, TargetSummary> }>;
    };
    expect(report.settings.mode).toBe('short');
    expect(report.machine.node).toBe(process.version);
    expect(report.data).toMatchObject({ users: 100, scripts: 1000 });
    expect(report.operations.map((operation) => operation.name)).toEqual(OPERATIONS);
    for (const operation of report.operations) {
      expect(operation.floor).toBe(FLOORS[operation.name] ?? null);
      const expected = [...(operation.floor ? ['floor'] : []), ...GATEWAYS];
      expect(Object.keys(operation.targets).sort()).toEqual(expected.sort());
      for (const [target, summary] of Object.entries(operation.targets)) {
        expect({ operation: operation.name, target, errors: summary.errors }).toEqual({
          operation: operation.name,
          target,
          errors: 0,
        });
        for (const figure of [
          'requestsPerSecond',
          'p50Ms',
          'p95Ms',
          'p99Ms',
          'cpuCores',
          'cpuMsPerRequest',
          'peakRssMiB',
        ] as const) {
          expect(summary[figure]).toBeGreaterThanOrEqual(0);
        }
      }
    }
  }, 1_200_000);
});
