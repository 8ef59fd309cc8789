// `npm start` and `npm test` on a machine with only Node and npm: finds pnpm (or runs it through
// npx), installs with the frozen lockfile, compiles, then starts the stack or runs every test.
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = '10.34.9';
const hasPnpm = spawnSync('pnpm', ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;
const pnpm = hasPnpm ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM_VERSION}`];

function run(args, options = {}) {
  const [command, ...rest] = [...pnpm, ...args];
  const result = spawnSync(command, rest, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const task = process.argv[2];
run(['install', '--frozen-lockfile']);
run(['run', 'build']);
if (task === 'test') {
  run(['exec', 'vitest', 'run', ...process.argv.slice(3)]);
} else if (task === 'start') {
  // The stack handles Ctrl-C itself (it drains and stops its services in order); this wrapper
  // only waits for it.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  const child = spawn(process.execPath, ['tools/stack/dist/cli.js', 'start'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.error('Usage: node tools/run.mjs start|test');
  process.exit(2);
}
