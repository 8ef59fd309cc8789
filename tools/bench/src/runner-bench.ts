import { runnerOverhead } from './runner-overhead.js';

/** `pnpm bench:runner`: the script runner alone, BENCH_RUNS runs per line (200 by default). */
await runnerOverhead(Number(process.env.BENCH_RUNS ?? 200));
