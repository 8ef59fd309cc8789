/**
 * What one `pnpm bench` run does. The full mode is what the README's table comes from; the short
 * mode (`--short` or BENCH_SHORT=1) is a smoke run for tests: a small data set, one short round.
 */
export interface BenchSettings {
  mode: 'full' | 'short';
  /** Multiplies the data set (`--scale 10` for the growth table). */
  scale: number;
  users: number;
  folders: number;
  scripts: number;
  /** Scripts in the one big folder of the "folder with its scripts" operation. */
  bigFolderScripts: number;
  runsPerScript: number;
  logLines: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  /** Requests for the memory mode (`--memory`): gateway RSS sampled along the way. */
  memoryRequests: number;
  memory: boolean;
  /** Only these operations and targets (`--operations me,tree`, `--targets floor,ours`): for profiling. */
  operations: string[] | null;
  targets: string[] | null;
  /**
   * Who sends the load (`--callers`): `same`, every connection one signed-in client, as a
   * dashboard's users polling with one account (gateways that share identical calls in flight,
   * ours and Hive, then send the subgraph one call for many); `distinct`, each connection a
   * session of its own, so that no two requests are the same call.
   */
  callers: 'same' | 'distinct';
  /** Where the JSON goes (bench/results/ at the repository's root unless BENCH_RESULTS_DIR). */
  resultsDir: string | undefined;
}

function flagValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index !== -1) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

export function readBenchSettings(args: string[], env: NodeJS.ProcessEnv): BenchSettings {
  const short = args.includes('--short') || env.BENCH_SHORT === '1';
  const scale = Number(flagValue(args, '--scale') ?? env.BENCH_SCALE ?? 1);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`--scale must be a whole number ≥ 1, not ${scale}`);
  const base = short ? { users: 100, folders: 100, scripts: 1000 } : { users: 1000, folders: 1000, scripts: 10_000 };
  const seconds = Number(flagValue(args, '--seconds') ?? env.BENCH_SECONDS ?? (short ? 3 : 8));
  const rounds = Number(flagValue(args, '--rounds') ?? env.BENCH_ROUNDS ?? (short ? 1 : 2));
  const memory = args.includes('--memory') || env.BENCH_MEMORY === '1';
  const callers = flagValue(args, '--callers') ?? env.BENCH_CALLERS ?? 'same';
  if (callers !== 'same' && callers !== 'distinct') {
    throw new Error(`--callers must be same or distinct, not ${callers}`);
  }
  return {
    mode: short ? 'short' : 'full',
    scale,
    users: base.users * scale,
    folders: base.folders * scale,
    scripts: base.scripts * scale,
    bigFolderScripts: 200,
    runsPerScript: 2,
    logLines: short ? 2_000 : 20_000,
    seconds,
    warmupSeconds: short ? 0.5 : 2,
    rounds,
    connections: 10,
    memoryRequests: Number(flagValue(args, '--requests') ?? env.BENCH_MEMORY_REQUESTS ?? (short ? 2_000 : 100_000)),
    memory,
    operations: flagValue(args, '--operations')?.split(',') ?? null,
    targets: flagValue(args, '--targets')?.split(',') ?? null,
    callers,
    resultsDir: env.BENCH_RESULTS_DIR || undefined,
  };
}
