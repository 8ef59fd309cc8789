import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScriptRunner } from '../src/execution/script-runner.js';
import { python, runScript, testRunner } from './runner-fixtures.js';
import { testSandbox } from './sandbox-fixtures.js';

/**
 * Attacks on other processes and the network from inside the sandbox: seeing or signalling the
 * runner, reading other processes' environments, starting programs, outliving the run, and
 * connecting to a service on the host's loopback. Real python3 processes in real bubblewrap.
 */

let runner: ScriptRunner;
let service: Server;
let servicePort: number;
let connectionsToService = 0;

beforeAll(async () => {
  runner = testRunner({ sandbox: await testSandbox() });
  service = createServer((socket) => {
    connectionsToService += 1;
    socket.end('secret banner');
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  servicePort = (service.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => service.close(resolve));
});

/** Host processes whose name (`/proc/<pid>/comm`) is `marker`, with their user id. */
function processesNamed(marker: string): { pid: number; uid: number }[] {
  const found: { pid: number; uid: number }[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== marker) continue;
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
      found.push({ pid: Number(pid), uid });
    } catch {
      // Gone while the list was read.
    }
  }
  return found;
}

describe('the sandbox processes', () => {
  it('see no process but their own, and cannot signal the runner', async () => {
    const source = python(`
      import os, signal
      def main(data):
          seen = {"pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
          for name, attempt in [
              ("kill", lambda: os.kill(data["runner"], 0)),
              ("pidfd", lambda: os.pidfd_open(data["runner"])),
              ("environ", lambda: open("/proc/%d/environ" % data["runner"]).read()),
          ]:
              try:
                  attempt()
                  seen[name] = "REACHED"
              except OSError as error:
                  seen[name] = type(error).__name__
          environments = []
          for pid in seen["pids"]:
              try:
                  environments.append(open("/proc/%d/environ" % pid, "rb").read().decode("utf-8", "replace"))
              except OSError:
                  pass
          seen["names"] = sorted({entry.split("=", 1)[0] for text in environments for entry in text.split("\\0") if entry})
          return seen
    `);
    const outcome = await runScript(runner, source, { runner: process.pid });
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    const seen = outcome.result!;
    // The sandbox's init and the interpreter: small numbers of a PID namespace of its own.
    expect((seen.pids as number[]).every((pid) => pid < 10)).toBe(true);
    expect(seen.pidfd).toBe('ProcessLookupError');
    // The audit hook refuses the signal first (PermissionError); past it, there is no such process.
    expect(['ProcessLookupError', 'PermissionError']).toContain(seen.kill);
    expect(['FileNotFoundError', 'PermissionError']).toContain(seen.environ);
    // The fixed environment, and PWD, which bubblewrap sets to the run folder.
    expect(seen.names).toEqual(['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR']);
  });

  it('cannot reach a service on the host: no network but its own empty loopback', async () => {
    const source = python(`
      import socket
      def main(data):
          seen = {}
          for name, address in [("service", ("127.0.0.1", data["port"])), ("postgres", ("127.0.0.1", 5432)), ("ipv6", ("::1", data["port"]))]:
              try:
                  socket.create_connection(address, timeout=2).recv(100)
                  seen[name] = "CONNECTED"
              except OSError as error:
                  seen[name] = type(error).__name__
          seen["interfaces"] = sorted(name for _, name in socket.if_nameindex())
          return seen
    `);
    const outcome = await runScript(runner, source, { port: servicePort });
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    expect(outcome.result!.service).not.toBe('CONNECTED');
    expect(outcome.result!.postgres).not.toBe('CONNECTED');
    expect(outcome.result!.ipv6).not.toBe('CONNECTED');
    expect(outcome.result!.interfaces).toEqual(['lo']);
    expect(connectionsToService).toBe(0);
  });

  it('cannot start a program: no other executable exists, even past the audit hook', async () => {
    const source = python(`
      import _posixsubprocess, os
      def main(data):
          seen = {}
          for program in ["/bin/sh", "/usr/bin/env", "/usr/bin/bash", "/usr/lib/postgresql"]:
              seen[program] = os.path.exists(program)
          # The C function under subprocess, which raises no audit event.
          errpipe_read, errpipe_write = os.pipe()
          try:
              pid = _posixsubprocess.fork_exec(
                  [b"/bin/sh", b"-c", b"echo escaped"], [b"/bin/sh"], True, (), None, None,
                  -1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, False, False, -1, None, None, None, -1, None, False)
              os.close(errpipe_write)
              os.read(errpipe_read, 1000)
              seen["fork_exec_status"] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
          except Exception as exc:
              seen["fork_exec_status"] = type(exc).__name__
          return seen
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    const seen = outcome.result!;
    expect(seen).toMatchObject({ '/bin/sh': false, '/usr/bin/env': false, '/usr/bin/bash': false });
    // The child could not exec: it ended with the failure status, and printed nothing.
    expect(seen.fork_exec_status).not.toBe(0);
    expect(outcome.stdout).not.toContain('escaped');
  });

  it('run as an unprivileged user on the host, and none of them outlives the run', async () => {
    const marker = `etlrun${process.pid}`.slice(0, 15);
    const source = python(`
      import os, time
      def main(data):
          pid = os.fork()
          if pid == 0:
              os.setsid()
              open("/proc/self/comm", "w").write(data["marker"])
              time.sleep(60)
              os._exit(0)
          time.sleep(1.5)
          try:
              os.setuid(0)
              became_root = True
          except OSError:
              became_root = False
          return {"uid": os.getuid(), "became_root": became_root}
    `);
    const run = runScript(runner, source, { marker });
    await vi.waitFor(() => expect(processesNamed(marker)).toHaveLength(1), { timeout: 5000, interval: 50 });
    const [child] = processesNamed(marker);
    expect(child!.uid).not.toBe(0);
    const outcome = await run;
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    expect(outcome.result!.became_root).toBe(false);
    // The child left the process group (setsid); the PID namespace ends with the run all the same.
    await vi.waitFor(() => expect(processesNamed(marker)).toEqual([]), { timeout: 3000, interval: 50 });
  });
});
