import 'reflect-metadata';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scriptsSubgraph } from '@etl/scripts/testing';
import { startTestStack, TEST_ADMIN, type TestGateway, type TestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import setupDatabase from '@etl/testkit/global-setup';

/**
 * Streams files through the gateway with the Python client (examples/etl_client.py) and times
 * each upload and download against `cp` of the same file on the same disk (the limit), while
 * sampling the resident memory of the gateway (a process of its own) and of the scripts service
 * (this process, with the idle users subgraph). Local store, then S3 (an s3rver in a child
 * process; the bytes go straight to it, not through our services). Prints a table; asserts
 * nothing. `pnpm bench:files`; BENCH_FILE_SIZES (MiB, comma-separated) and BENCH_DIR to change.
 */
const MIB = 1024 * 1024;
const LOCAL_SIZES = (process.env.BENCH_FILE_SIZES || '10,1024,4096').split(',').map(Number);
const S3_SIZES = LOCAL_SIZES.filter((size) => size <= 1024);
const WORK_ROOT = process.env.BENCH_DIR || '/tmp';
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const client = join(repoRoot, 'examples/etl_client.py');
const gatewayMain = join(repoRoot, 'gateway/dist/main.js');
const s3rverMain = fileURLToPath(new URL('./s3rver-process.js', import.meta.url));
const run = promisify(execFile);

/** The resident set of a process now, in bytes (VmRSS of /proc). */
function rss(pid: number | 'self'): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Samples the resident memory of the processes every 50 ms until stopped: the peak of each. */
function sampleMemory(pids: Record<string, number | 'self'>): () => Record<string, number> {
  const peaks = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rss(pid)]));
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peaks[name] = Math.max(peaks[name]!, rss(pid));
  }, 50);
  return () => {
    clearInterval(timer);
    return peaks;
  };
}

/** The gateway from its own `main`, as deployed, on a free port found in its start-up log line. */
async function spawnGateway(env: Record<string, string>): Promise<TestGateway & { pid: number }> {
  const child: ChildProcess = spawn(process.execPath, [gatewayMain], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /"url":"([^"]+\/graphql)"/.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function spawnS3rver(directory: string): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, [s3rverMain, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

async function startStack(filesDir: string, storeEnv: Record<string, string>) {
  let gatewayPid = 0;
  const stack: TestStack = await startTestStack({
    users: usersSubgraph(),
    gateway: async (env) => {
      const gateway = await spawnGateway(env);
      gatewayPid = gateway.pid;
      return gateway;
    },
    subgraphs: [scriptsSubgraph({ FILES_DIR: filesDir, ...storeEnv })],
  });
  return { stack, gatewayPid };
}

/** Writes `size` MiB of incompressible bytes (a 1 MiB random block repeated with a counter). */
async function makeFile(path: string, sizeMiB: number): Promise<void> {
  const block = Buffer.alloc(MIB);
  for (let i = 0; i < MIB; i += 4) block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
  const out = createWriteStream(path);
  for (let i = 0; i < sizeMiB; i++) {
    block.writeUInt32LE(i, 0);
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

async function python(gatewayUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('python3', [client, '--url', gatewayUrl, '--login', 'admin', '--quiet', ...args], {
    env: { ...process.env, ETL_PASSWORD: TEST_ADMIN.password },
    maxBuffer: 16 * MIB,
  });
  return stdout;
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([
    run('cmp', [a, b]).then(
      () => true,
      () => false,
    ),
    stat(b),
  ]);
  return left && right.size === (await stat(a)).size;
}

interface Row {
  store: string;
  sizeMiB: number;
  cpMiBs: number;
  upMiBs: number;
  downMiBs: number;
  identical: boolean;
  gatewayMB: number;
  scriptsMB: number;
}

async function benchStore(store: 'local' | 's3', sizes: number[], work: string): Promise<Row[]> {
  const s3 = store === 's3' ? await spawnS3rver(join(work, 's3rver')) : null;
  const storeEnv: Record<string, string> = s3
    ? {
        FILE_STORE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'etl-bench',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      }
    : {};
  const { stack, gatewayPid } = await startStack(join(work, `files-${store}`), storeEnv);
  const rows: Row[] = [];
  try {
    await stack.adminToken();
    for (const sizeMiB of sizes) {
      const source = join(work, `source-${sizeMiB}.bin`);
      await makeFile(source, sizeMiB);
      const cpSeconds = await timed(() => run('cp', [source, join(work, 'cp-copy.bin')]));
      await rm(join(work, 'cp-copy.bin'));
      const idle = { gateway: rss(gatewayPid), scripts: rss('self') };
      const stop = sampleMemory({ gateway: gatewayPid, scripts: 'self' });
      let key = '';
      const upSeconds = await timed(async () => {
        key = JSON.parse(await python(stack.gatewayUrl, 'put', source, '--prefix', 'bench')).key;
      });
      const back = join(work, `back-${sizeMiB}.bin`);
      const downSeconds = await timed(() => python(stack.gatewayUrl, 'get', key, '--out', back));
      const peaks = stop();
      rows.push({
        store,
        sizeMiB,
        cpMiBs: sizeMiB / cpSeconds,
        upMiBs: sizeMiB / upSeconds,
        downMiBs: sizeMiB / downSeconds,
        identical: await sameContent(source, back),
        gatewayMB: (peaks.gateway! - idle.gateway) / 1e6,
        scriptsMB: (peaks.scripts! - idle.scripts) / 1e6,
      });
      printRow(rows.at(-1)!);
      await python(stack.gatewayUrl, 'rm', key);
      await Promise.all([rm(source), rm(back)]);
    }
  } finally {
    await stack.stop();
    s3?.stop();
  }
  return rows;
}

function printRow(row: Row): void {
  const cells = [
    row.store.padEnd(6),
    `${row.sizeMiB} MiB`.padStart(9),
    row.cpMiBs.toFixed(0).padStart(8),
    row.upMiBs.toFixed(0).padStart(10),
    `${((100 * row.upMiBs) / row.cpMiBs).toFixed(0)}%`.padStart(7),
    row.downMiBs.toFixed(0).padStart(12),
    (row.identical ? 'yes' : 'NO').padStart(10),
    row.gatewayMB.toFixed(0).padStart(12),
    row.scriptsMB.toFixed(0).padStart(12),
  ];
  console.log(cells.join(' '));
}

async function main(): Promise<void> {
  const teardown = await setupDatabase();
  await mkdir(WORK_ROOT, { recursive: true });
  const work = await mkdtemp(join(WORK_ROOT, 'etl-file-bench-'));
  try {
    console.log(`file transfers through the gateway with examples/etl_client.py, in ${work} (node ${process.version})`);
    console.log('MiB/s; memory: peak resident set above idle during upload and download, MB');
    console.log(
      'store       size   cp MiB/s  upload MiB/s  of cp  download MiB/s  identical  gateway +MB  scripts +MB',
    );
    await benchStore('local', LOCAL_SIZES, work);
    if (S3_SIZES.length) await benchStore('s3', S3_SIZES, work);
  } finally {
    await rm(work, { recursive: true, force: true });
    await teardown();
  }
}

await main();
