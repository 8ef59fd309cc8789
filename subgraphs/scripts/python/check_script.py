"""Checks a script's source without running it: it must parse and define a top-level main(data).

Reads the source on stdin and prints one JSON object on stdout:
  {"ok": true} or {"ok": false, "reason": "...", "line": n}
ast.parse only parses: nothing in the source is imported, evaluated or executed.
"""
import ast
import json
import resource
import sys

# A pathological source (deeply nested expressions) must not take the machine with it.
resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024, 512 * 1024 * 1024))


def reply(ok, reason=None, line=None):
    result = {"ok": ok}
    if reason is not None:
        result["reason"] = reason
    if line is not None:
        result["line"] = line
    sys.stdout.write(json.dumps(result))


def accepts_one_argument(func):
    args = func.args
    positional = args.posonlyargs + args.args
    required = len(positional) - len(args.defaults)
    if required > 1 or any(d is None for d in args.kw_defaults):
        return False
    return len(positional) >= 1 or args.vararg is not None


def check(source):
    try:
        tree = ast.parse(source, filename="<script>", type_comments=False)
    except SyntaxError as error:
        return reply(False, "syntax error: %s" % (error.msg,), error.lineno)
    except (RecursionError, MemoryError):
        return reply(False, "the script is nested too deeply to parse")
    except ValueError as error:
        return reply(False, str(error))
    mains = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "main"]
    if not mains:
        return reply(False, "the script must define a top-level function main(data)")
    main = mains[-1]
    if isinstance(main, ast.AsyncFunctionDef):
        return reply(False, "main must be a plain function, not async", main.lineno)
    if not accepts_one_argument(main):
        return reply(False, "main must accept exactly one argument: main(data)", main.lineno)
    return reply(True)


# utf-8-sig: a leading byte-order mark (as some editors save files) is allowed, as python3 allows it.
check(sys.stdin.buffer.read().decode("utf-8-sig", errors="strict"))
