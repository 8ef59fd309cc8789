import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countingOpener, NodeLogFileSource, parseGrep, type PodLogQuery } from '@etl/logs';

/**
 * How the files source's `podLogs` scales with the size of a log: it writes a ~100 MB and a
 * ~1 GiB CRI log in a temporary pods folder, then times tails with a substring and a regex grep
 * (and without grep, and with a grep that matches nothing, which reads back to the scan limit),
 * printing p50 and max latency and the bytes read. Run: `pnpm bench:logs`
 * (BENCH_SIZES_MB=100,1024 and BENCH_RUNS=7 change the sizes and repetitions).
 */

const MIB = 1024 * 1024;
const SIZES_MB = (process.env.BENCH_SIZES_MB ?? '100,1024').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SCAN_LIMIT = 256 * MIB;
/** One line in a hundred is an error: a grep for 1000 of them reads about 100,000 lines back. */
const ERROR_EVERY = 100;

function writeLog(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  const start = Date.parse('2026-01-01T00:00:00Z');
  let written = 0;
  let line = 0;
  try {
    while (written < bytes) {
      const chunk: string[] = [];
      let chunkBytes = 0;
      while (chunkBytes < 8 * MIB) {
        const time = new Date(start + line).toISOString().replace('Z', '000000Z');
        const status = line % ERROR_EVERY === 0 ? 500 : 200;
        const stream = status === 500 ? 'stderr' : 'stdout';
        const text = `${time} ${stream} F level=info request=${line} path=/api/items/${line % 1000} status=${status} took=${line % 97}ms\n`;
        chunk.push(text);
        chunkBytes += text.length;
        line++;
      }
      writeSync(fd, chunk.join(''));
      written += chunkBytes;
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

interface Case {
  name: string;
  grep: string | null;
  runs: number;
}

const CASES: Case[] = [
  { name: 'tail 1000, no grep', grep: null, runs: RUNS },
  { name: 'tail 1000, grep substring', grep: 'status=500', runs: RUNS },
  { name: 'tail 1000, grep /regex/', grep: '/status=5\\d\\d took=\\d+ms$/', runs: RUNS },
  { name: 'grep matching nothing (to the scan limit)', grep: 'status=418', runs: 3 },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'etl-logs-bench-'));
  try {
    console.log(`pod-logs benchmark: ${RUNS} runs per case, scan limit ${SCAN_LIMIT / MIB} MiB`);
    console.log('file size  | case                                        | p50 ms  | max ms  | bytes read | lines');
    for (const sizeMb of SIZES_MB) {
      const pod = `bench-${sizeMb}mb`;
      const dir = join(
        root,
        `etl_${pod}_00000000-0000-0000-0000-0000000000${String(sizeMb % 100).padStart(2, '0')}`,
        'main',
      );
      mkdirSync(dir, { recursive: true });
      const started = Date.now();
      const size = writeLog(join(dir, '0.log'), sizeMb * MIB);
      console.log(`(wrote ${(size / MIB).toFixed(0)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      for (const benchCase of CASES) {
        const counter = countingOpener();
        const source = new NodeLogFileSource({
          root,
          maxScanBytes: SCAN_LIMIT,
          nodeName: null,
          openFile: counter.open,
        });
        const query: PodLogQuery = {
          namespace: 'etl',
          pod,
          container: undefined,
          tailLines: 1000,
          sinceTime: undefined,
          sinceSeconds: undefined,
          previous: false,
          limitBytes: 5 * MIB,
          filter: parseGrep(benchCase.grep),
        };
        const times: number[] = [];
        let lines = 0;
        for (let run = 0; run < benchCase.runs; run++) {
          const t0 = performance.now();
          lines = (await source.readPodLog(query)).lines.length;
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const bytesPerRun = counter.bytesRead() / benchCase.runs;
        console.log(
          `${`${(size / MIB).toFixed(0)} MiB`.padEnd(10)} | ${benchCase.name.padEnd(43)} | ${percentile(times, 0.5)
            .toFixed(1)
            .padStart(
              7,
            )} | ${times.at(-1)!.toFixed(1).padStart(7)} | ${`${(bytesPerRun / MIB).toFixed(2)} MiB`.padStart(10)} | ${lines}`,
        );
      }
      rmSync(join(dir, '0.log'));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
