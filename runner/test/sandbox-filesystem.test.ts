import { mkdtemp, rm, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptRunner } from '../src/execution/script-runner.js';
import { python, runScript, testRunner } from './runner-fixtures.js';
import { testSandbox } from './sandbox-fixtures.js';

/**
 * Attacks on the file system from inside the sandbox: each reads, lists, links, renames or writes
 * something outside the run folder, by every route a script has (paths, directory descriptors,
 * links), and must find nothing there or be refused by the kernel. The secret is world-readable
 * on purpose: only the sandbox's mount namespace stands between it and the script. The audit
 * hook knows nothing of it (it is in no protected path), so what refuses is the operating system.
 */

const SECRET = 'BEGIN PRIVATE KEY sandbox-test-secret';
let runner: ScriptRunner;
let runsDir: string;
let secretDir: string;
let secretFile: string;

beforeAll(async () => {
  // The run folders' parent is the audit hook's to protect; the secret is kept out of it, so that
  // only the operating system stands in the way.
  runsDir = await mkdtemp(join(tmpdir(), 'etl-sandbox-runs-'));
  await chmod(runsDir, 0o711);
  runner = testRunner({ sandbox: await testSandbox(), workDir: runsDir });
  secretDir = await mkdtemp(join(tmpdir(), 'etl-sandbox-secret-'));
  await chmod(secretDir, 0o755);
  secretFile = join(secretDir, 'signing-key.pem');
  await writeFile(secretFile, SECRET, { mode: 0o644 });
  await mkdir(join(secretDir, 'sub'));
});

afterAll(async () => {
  await rm(secretDir, { recursive: true, force: true });
  await rm(runsDir, { recursive: true, force: true });
});

describe('the sandbox file system', () => {
  it("does not show the host's files: by path, through a directory descriptor, or by walking", async () => {
    const source = python(`
      import os
      def main(data):
          seen = {}
          for name, attempt in [
              ("open", lambda: open(data["secret"]).read()),
              ("dir_fd", lambda: os.read(os.open(data["secret"].lstrip("/"), os.O_RDONLY, dir_fd=os.open("/", os.O_RDONLY)), 100)),
              ("listdir", lambda: os.listdir(data["dir"])),
              ("stat", lambda: os.stat(data["secret"])),
              ("etc_passwd", lambda: open("/etc/passwd").read()),
              ("root_home", lambda: os.listdir("/root")),
              ("postgres_socket", lambda: os.stat("/var/run/postgresql")),
          ]:
              try:
                  attempt()
                  seen[name] = "READ"
              except OSError as error:
                  seen[name] = type(error).__name__
          files = []
          for top, dirs, names in os.walk("/"):
              if top.startswith(("/proc", "/dev")):
                  dirs[:] = []
                  continue
              files.extend(os.path.join(top, name) for name in names)
          seen["top"] = sorted(os.listdir("/"))
          seen["etc"] = sorted(os.listdir("/etc"))
          seen["bin"] = sorted(os.listdir("/usr/bin"))
          seen["secret_anywhere"] = any("signing-key" in path for path in files)
          return seen
    `);
    const outcome = await runScript(runner, source, { secret: secretFile, dir: secretDir });
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    const seen = outcome.result!;
    for (const attempt of ['open', 'dir_fd', 'listdir', 'stat', 'etc_passwd', 'root_home', 'postgres_socket']) {
      expect([attempt, seen[attempt]]).toEqual([attempt, 'FileNotFoundError']);
    }
    expect(seen.secret_anywhere).toBe(false);
    // Only the interpreter, the libraries, the sandbox's own /proc, /dev, /tmp and the run folder.
    expect(seen.top).toEqual(expect.arrayContaining(['dev', 'proc', 'run', 'tmp', 'usr']));
    expect(
      (seen.top as string[]).filter(
        (name) => !['dev', 'etc', 'lib', 'lib32', 'lib64', 'proc', 'run', 'tmp', 'usr'].includes(name),
      ),
    ).toEqual([]);
    expect(seen.etc).toEqual(['ld.so.cache']);
    expect(seen.bin).toEqual([expect.stringMatching(/^python3(\.\d+)?$/)]);
  });

  it("refuses writing, renaming, linking or removing the interpreter's files", async () => {
    const source = python(`
      import os, sys
      def main(data):
          lib = os.path.dirname(os.__file__)
          seen = {}
          for name, attempt in [
              ("write", lambda: open(os.__file__, "a").write("x = 1")),
              ("create", lambda: open(os.path.join(lib, "evil.py"), "w")),
              ("rename", lambda: os.rename(os.__file__, os.path.join(lib, "os2.py"))),
              ("unlink", lambda: os.unlink(os.__file__)),
              ("hard_link_out", lambda: os.link(os.__file__, "out/os.py")),
              ("chmod", lambda: os.chmod(sys.executable, 0o777)),
          ]:
              try:
                  attempt()
                  seen[name] = "DONE"
              except OSError as error:
                  seen[name] = error.errno
          return seen
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    // EACCES (13) or EROFS (30): the files are root's and bound read-only; EXDEV (18) or EPERM (1)
    // for a link across mounts.
    for (const attempt of ['write', 'create', 'rename', 'unlink', 'chmod']) {
      expect([attempt, [13, 1, 30].includes(outcome.result![attempt] as number)]).toEqual([attempt, true]);
    }
    expect([18, 1, 30]).toContain(outcome.result!.hard_link_out);
  });

  it('gives each run a /tmp of its own, of a capped size', async () => {
    const source = python(`
      import os
      def main(data):
          open("/tmp/mine", "w").write("run")
          os.mkdir("/tmp/big")
          try:
              # Files of 512 KiB each (below the per-file limit) until the folder is full.
              for number in range(64):
                  with open("/tmp/big/%d" % number, "wb") as f:
                      f.write(b"x" * 512 * 1024)
              full = False
          except OSError as error:
              full = error.errno
          return {"listing": sorted(os.listdir("/tmp")), "full": full}
    `);
    const first = await runScript(runner, source);
    const second = await runScript(runner, source);
    expect(first.status, first.stderr).toBe('SUCCEEDED');
    expect(first.result).toEqual({ listing: ['big', 'mine'], full: 28 });
    // The second run does not see the first one's files.
    expect(second.result).toEqual({ listing: ['big', 'mine'], full: 28 });
  });

  it("does not show another run's folder", async () => {
    const holder = python(`
      import os, time
      def main(data):
          open("out/other-run-secret.txt", "w").write("other run")
          time.sleep(1.5)
          return {}
    `);
    const looker = python(`
      import os
      def main(data):
          names = []
          for top, dirs, files in os.walk("/run"):
              names.extend(files)
          return {"cwd": os.getcwd(), "files": sorted(names), "parent": sorted(os.listdir(".."))}
    `);
    const holding = runScript(runner, holder);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const looked = await runScript(runner, looker);
    expect((await holding).status).toBe('SUCCEEDED');
    expect(looked.result).toEqual({ cwd: '/run/script', files: ['run_script.py'], parent: ['etl', 'script'] });
  });
});
