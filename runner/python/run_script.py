"""Runs one stored script: the first code of every run's interpreter.

The ScriptRunner starts it as
    python3 -I [-S] -B -c <loader> run_script.py <memory bytes> <cpu seconds> <file bytes> <result bytes> [<processes>]
in the run folder, the loader compiling this file under the name "<run bootstrap>" (so that no
frame of it names a path of the server), with the request as JSON on stdin:
    {"source": "...", "filename": "geology/analysis.py", "input": {...}}
and a pipe at fd 3 that carries exactly one JSON reply when `main` is done:
    {"result": {...}}   or   {"error": {"code": "SCRIPT_ERROR", "message": "ZeroDivisionError: division by zero"}}
then the interpreter exits as usual (0). With no reply the runner reads the exit code or signal:
sys.exit(3) ends the run with exit code 3, a limit's signal with that signal.

Imports are kept to what every run needs (json, os, resource, sys): each one costs every run
start-up time. traceback and linecache load only when something failed.
"""
import json
import os
import resource
import sys

# The name this code was compiled under: "<run bootstrap>" from the runner's loader, else this file.
BOOTSTRAP = (lambda: None).__code__.co_filename
MIB = 1024 * 1024


def set_limits(memory_bytes, cpu_seconds, file_bytes, processes):
    # Soft and hard alike (but CPU): an unprivileged script cannot raise them again.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if processes:
        # In the sandbox each run has a user namespace of its own, where the kernel counts only the
        # run's processes against this limit (outside one it would count all of the user's).
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    # The soft limit's SIGXCPU ends the run; a script that catches it meets the hard limit's SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def take_reply_channel():
    # A close-on-exec copy (os.dup makes it non-inheritable) and fd 3 closed: a subprocess never
    # holds the reply pipe, and os.write(3, ...) in the script reaches nothing (or a file of its own).
    channel = os.dup(3)
    os.close(3)
    # A child the script forks does not get it either: only this process replies.
    os.register_at_fork(after_in_child=lambda: os.close(channel))
    return channel


def read_request():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    # The script reads nothing from the runner: its stdin is empty from here on.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return request


# Events that start another program: a script runs Python, not the machine's other programs,
# which would run outside this guard (and see what this process cannot open).
SPAWN_EVENTS = frozenset(("os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "pty.spawn"))
SIGNAL_EVENTS = frozenset(("os.kill", "os.killpg"))


def proc_pid(path):
    """The pid in `/proc/<pid>/...`, or None for any other path."""
    if not path.startswith("/proc/"):
        return None
    part = path[6:].split("/", 1)[0]
    return int(part) if part.isdigit() else None


def install_guard(run_folder, protected):
    """Keeps a script away from what its user id could otherwise reach on this machine.

    The runner and the script share a user id, so without this a script could read the service's
    environment (/proc/<pid>/environ holds DATABASE_URL), other runs' folders, the file store and
    mounted secrets, or signal the service. An audit hook (which a script cannot remove) refuses:
    opening a protected path or another process's /proc entries, starting other programs, loading
    native libraries with ctypes, and signals to processes outside the run's process group. It is
    defence in depth within the pod, which remains the boundary (see the README).
    """
    realpath = os.path.realpath
    fsdecode = os.fsdecode
    getpid = os.getpid
    getpgid = os.getpgid
    own = realpath(run_folder) + "/"
    roots = tuple(realpath(root).rstrip("/") + "/" for root in protected)

    def refused(path):
        if isinstance(path, int):
            return False
        full = realpath(fsdecode(path)) + "/"
        pid = proc_pid(full)
        if pid is not None:
            return pid != getpid()
        return not full.startswith(own) and full.startswith(roots)

    def in_run_group(pid, group):
        try:
            return getpgid(pid) == group
        except OSError:
            return False

    def audit(event, args):
        if event == "open" and args and args[0] is not None and refused(args[0]):
            raise PermissionError("a script run may not open %r" % (args[0],))
        if event in SPAWN_EVENTS:
            raise PermissionError("a script run may not start other programs (%s)" % event)
        if event == "ctypes.dlopen":
            raise PermissionError("a script run may not load native libraries with ctypes")
        if event in SIGNAL_EVENTS:
            group = getpgid(0)
            target = args[0]
            allowed = target == 0 or target == -group if event == "os.kill" else target == group
            if event == "os.kill" and target > 0:
                allowed = in_run_group(target, group)
            if not allowed:
                raise PermissionError("a script run may signal only its own processes")

    sys.addaudithook(audit)


def run_script(source, filename, data):
    # A fresh module, not __main__: the script's `if __name__ == "__main__":` block stays idle.
    module = type(sys)("script")
    module.__file__ = filename
    sys.modules["script"] = module
    sys.argv = [filename]
    # Compiled under its logical path, so tracebacks read `File "geology/analysis.py", line 3`.
    code = compile(source, filename, "exec", dont_inherit=True)
    exec(code, module.__dict__)
    main = module.__dict__.get("main")
    if not callable(main):
        raise NameError("the script defines no function main(data)")
    return main(data)


def error_reply(code, message):
    return {"error": {"code": code, "message": message[:2000]}}


def encode_result(result, limit):
    if result is None:
        return b"{}", None
    if not isinstance(result, dict):
        return None, error_reply("BAD_RESULT", "main returned %s, expected a dict or None" % type(result).__name__)
    try:
        text = json.dumps(result, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return None, error_reply("BAD_RESULT", "the result holds a string that is not valid Unicode (a lone surrogate)")
    except (TypeError, ValueError, RecursionError) as error:
        return None, error_reply("BAD_RESULT", "the result is not JSON: %s" % error)
    if len(encoded) > limit:
        message = "the result is %d bytes of JSON; the limit is %d bytes" % (len(encoded), limit)
        return None, error_reply("RESULT_TOO_LARGE", message)
    return encoded, None


def script_frames(tb):
    """The traceback from the first frame that is not the bootstrap's (that called `main`)."""
    while tb is not None and tb.tb_frame.f_code.co_filename == BOOTSTRAP:
        tb = tb.tb_next
    return tb


def without_bootstrap(summary, traceback):
    """`summary` (a TracebackException) with no frame of the bootstrap, in it or in any exception
    chained to it: not the frames that called `main`, nor the audit hook's, which stands last in
    the traceback of every refusal. Their lines would show this file's path on the server."""
    pending, seen = [summary], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        kept = [frame for frame in current.stack if frame.filename != BOOTSTRAP]
        current.stack = traceback.StackSummary.from_list(kept)
        pending += [current.__cause__, current.__context__, *(getattr(current, "exceptions", None) or ())]
    return summary


def report_exception(error, source, filename):
    """Prints the traceback to stderr and returns its last line (`ZeroDivisionError: division by zero`)."""
    import linecache
    import traceback

    # Tracebacks show the script's lines although no file of that name exists here.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        summary = traceback.TracebackException(type(error), error, error.__traceback__)
        sys.stderr.writelines(without_bootstrap(summary, traceback).format())
        sys.stderr.flush()
    except Exception:
        pass  # The script closed or replaced stderr: the reply still tells what happened.
    lines = traceback.format_exception_only(type(error), error)
    return lines[-1].strip() if lines else type(error).__name__


def free_script_memory(error, module):
    """Drops what the script holds (its frames' locals and globals), so the reply can be made."""
    tb = script_frames(error.__traceback__)
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:
            pass  # a frame still running (a generator suspended in it)
        tb = tb.tb_next
    if module is not None:
        module.__dict__.clear()


def run(request, memory_bytes, result_limit):
    source = request["source"]
    filename = request["filename"]
    try:
        result = run_script(source, filename, request["input"])
    except SystemExit:
        raise  # sys.exit(3) ends the run with exit code 3, as it would anywhere else.
    except MemoryError as error:
        free_script_memory(error, sys.modules.get("script"))
        try:
            report_exception(error, source, filename)
        except MemoryError:
            pass  # still short of memory: the reply alone says what happened
        return error_reply("MEMORY_LIMIT", "the script reached the memory limit of %d MiB" % (memory_bytes // MIB))
    except BaseException as error:
        return error_reply("SCRIPT_ERROR", report_exception(error, source, filename))
    try:
        encoded, failure = encode_result(result, result_limit)
    except MemoryError:
        return error_reply("MEMORY_LIMIT", "the result did not fit in the memory limit of %d MiB" % (memory_bytes // MIB))
    except SystemExit:
        raise
    except BaseException as error:
        # The script's own code ran while its result was encoded (a dict subclass's items()).
        return error_reply("SCRIPT_ERROR", report_exception(error, source, filename))
    if failure is not None:
        return failure
    return b'{"result":' + encoded + b"}"


def send(channel, reply):
    # ASCII escapes: an exception message may hold a lone surrogate, which UTF-8 cannot encode.
    data = reply if isinstance(reply, bytes) else json.dumps(reply).encode("ascii")
    view = memoryview(data)
    while view:
        view = view[os.write(channel, view) :]
    os.close(channel)


def bootstrap():
    memory_bytes, cpu_seconds, file_bytes, result_limit = (int(arg) for arg in sys.argv[1:5])
    processes = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    set_limits(memory_bytes, cpu_seconds, file_bytes, processes)
    channel = take_reply_channel()
    request = read_request()
    install_guard(os.getcwd(), request.get("protected", ()))
    # Lines printed before a timeout or a kill reach the runner, not a buffer that dies with the process.
    sys.stdout.reconfigure(line_buffering=True)
    reply = run(request, memory_bytes, result_limit)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    send(channel, reply)


bootstrap()
