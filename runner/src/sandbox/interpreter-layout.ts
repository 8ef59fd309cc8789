import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runEnvironment } from '../execution/interpreter-process.js';

/** Where an interpreter's files are: what a sandbox must show it, read-only, for it to start. */
export interface InterpreterLayout {
  /** The interpreter's real executable (links resolved), e.g. /usr/bin/python3.11. */
  executable: string;
  /** Its installation prefixes (sys.prefix, sys.base_prefix, sys.exec_prefix), e.g. /usr. */
  prefixes: string[];
}

const PROBE = [
  'import json, os, sys',
  'print(json.dumps({"executable": os.path.realpath(sys.executable),',
  ' "prefixes": sorted({sys.prefix, sys.base_prefix, sys.exec_prefix})}))',
].join('\n');

/** Asks the interpreter itself, once, on the runs' own PATH. */
export async function probeInterpreter(python: string): Promise<InterpreterLayout> {
  const { stdout } = await promisify(execFile)(python, ['-I', '-S', '-c', PROBE], {
    env: runEnvironment('/'),
    timeout: 10_000,
  });
  const layout = JSON.parse(stdout) as InterpreterLayout;
  if (!layout.executable.startsWith('/') || layout.prefixes.some((prefix) => !prefix.startsWith('/'))) {
    throw new Error(`the interpreter ${python} reported paths that are not absolute`);
  }
  return layout;
}
