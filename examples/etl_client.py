#!/usr/bin/env python3
"""A client of the ETL platform's GraphQL API with only Python's standard library.

This is how plain HTTP clients (the hydrodynamic-simulation software, for one) talk to the
gateway: sign in, keep the token pair, refresh when the access token is about to expire, and
turn GraphQL errors into exceptions that carry the error code and the request id.

    python3 examples/etl_client.py --login admin                       # who am I
    python3 examples/etl_client.py --login alice upload analysis.py geology/analysis.py --release
    python3 examples/etl_client.py --login alice tree
    python3 examples/etl_client.py --login olga logs scripts --grep <request id> --tail 20
    python3 examples/etl_client.py --login olga put survey.segy --prefix geology/input    # streamed, any size
    python3 examples/etl_client.py --login olga run geology/analysis.py --input '{"unit":"m"}' --file <key> --download out
    python3 examples/etl_client.py --login olga get-run <run id>
    python3 examples/etl_client.py --login olga runs geology/analysis.py --first 5
    python3 examples/etl_client.py --login olga files --prefix runs/<run id>/
    python3 examples/etl_client.py --login olga get runs/<run id>/out/summary.json --out summary.json
    python3 examples/etl_client.py --login olga rm geology/input/<id>/wells.csv

A machine signs in with an API token instead (made with `createApiToken`, a `etl_pat_…` secret):
set ETL_API_TOKEN and no login or password is needed; the gateway trades it for access tokens.

    ETL_API_TOKEN=etl_pat_… python3 examples/etl_client.py run geology/analysis.py --input '{"unit":"m"}'

Otherwise the password comes from ETL_PASSWORD, else it is asked for. Every command prints JSON. Exit
codes: 0 done, 1 an API or network error (its code and request id on stderr), 2 bad arguments,
3 a run that did not succeed (`run` still prints it, so a shell script can read `error`).
"""

import argparse
import getpass
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime

CHUNK_BYTES = 1 << 20

# Every operation the client sends, as a constant so that a test can check each against the API
# (tools/stack/test/python-client-operations.test.ts validates them against schema/api.graphql).
RUN_FIELDS = (
    " fragment RunFields on ScriptRun {"
    " id logicalPath version status result error { code message } exitCode durationMs startedAt finishedAt cancelRequestedAt"
    " inputFiles stdout stderr outputFiles { key size contentType } }"
)
LOGIN = (
    "mutation Login($l: String!, $p: String!) {"
    " login(login: $l, password: $p) { accessToken refreshToken expiresAt user { id login } } }"
)
REFRESH = "mutation Refresh($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken expiresAt } }"
ME = "query Me { me { id login roles { name } permissions } }"
TREE = "query Tree { tree { folders { path } scripts { logicalPath version released } } }"
FOLDER_PATHS = "query FolderPaths { tree { folders { id path } } }"
CREATE_FOLDER = "mutation CreateFolder($i: CreateFolderInput!) { createFolder(input: $i) { id } }"
CREATE_SCRIPT = (
    "mutation CreateScript($i: CreateScriptInput!) { createScript(input: $i) { id logicalPath version released } }"
)
RELEASE_SCRIPT = "mutation ReleaseScript($id: ID!) { releaseScript(id: $id) { released releasedVersion } }"
SCRIPT_ID = "query ScriptId($p: String!) { scriptByPath(path: $p) { id } }"
POD_LOGS = (
    "query PodLogs($ns: String!, $pod: String!, $grep: String, $tail: Int) {"
    " podLogs(namespace: $ns, pod: $pod, grep: $grep, tailLines: $tail) { truncated lines { timestamp message } } }"
)
CREATE_UPLOAD = (
    "mutation CreateUpload($i: CreateUploadInput!) { createUpload(input: $i) {"
    " key url headers { name value } expiresAt"
    " multipart { uploadId partSize parts { partNumber offset size url headers { name value } } } } }"
)
COMPLETE_UPLOAD = (
    "mutation CompleteUpload($i: CompleteUploadInput!) { completeUpload(input: $i) { key size contentType createdAt } }"
)
ABORT_UPLOAD = "mutation AbortUpload($k: String!, $u: String!) { abortUpload(key: $k, uploadId: $u) }"
RUN_SCRIPT = (
    "mutation RunScript($path: String!, $input: JSON, $files: [String!], $version: Int) {"
    " runScript(path: $path, input: $input, files: $files, version: $version) { ...RunFields } }" + RUN_FIELDS
)
SCRIPT_RUN = "query ScriptRun($id: ID!) { scriptRun(id: $id) { ...RunFields } }" + RUN_FIELDS
START_SCRIPT_RUN = (
    "mutation StartScriptRun($path: String!, $input: JSON, $files: [String!], $version: Int) {"
    " startScriptRun(path: $path, input: $input, files: $files, version: $version) { ...RunFields } }" + RUN_FIELDS
)
CANCEL_SCRIPT_RUN = "mutation CancelScriptRun($id: ID!) { cancelScriptRun(id: $id) { ...RunFields } }" + RUN_FIELDS
SCRIPT_RUNS = (
    "query ScriptRuns($id: ID!, $first: Int) { scriptRuns(scriptId: $id, first: $first) {"
    " id version status error { code message } durationMs startedAt finishedAt startedBy { login } } }"
)
FILES = "query Files($p: String, $n: Int) { files(prefix: $p, first: $n) { key size contentType createdAt } }"
FILE = "query File($k: String!) { file(key: $k) { key name size contentType createdAt downloadUrl } }"
DELETE_FILE = "mutation DeleteFile($k: String!) { deleteFile(key: $k) }"


class ApiError(Exception):
    """A GraphQL error: `code` is the contract's code, `request_id` ties it to the server's logs."""

    def __init__(self, code, message, request_id):
        super().__init__(f"{code}: {message} (request {request_id})")
        self.code = code
        self.request_id = request_id


class DownloadError(OSError):
    """A download link answered with an HTTP error (403: invalid or expired link, 404: no such file)."""


class Progress:
    """A progress line on stderr (`name: 512.0 / 1024.0 MiB 50% 180.3 MiB/s`), redrawn at most twice a second."""

    def __init__(self, name, total, enabled=True):
        self.name, self.total, self.enabled = name, total, enabled
        self.done, self.started, self.shown = 0, time.monotonic(), 0.0

    def add(self, count):
        self.done += count
        now = time.monotonic()
        if now - self.shown >= 0.5 or self.done >= self.total:
            self.shown = now
            self._draw(now)

    def _draw(self, now):
        if not self.enabled:
            return
        mib = 1 << 20
        rate = self.done / mib / max(now - self.started, 1e-6)
        percent = 100 * self.done // self.total if self.total else 100
        line = f"{self.name}: {self.done / mib:.1f} / {self.total / mib:.1f} MiB {percent}% {rate:.1f} MiB/s"
        print(f"\r{line}", end="", file=sys.stderr, flush=True)

    def finish(self):
        if self.enabled:
            self._draw(time.monotonic())
            print(file=sys.stderr, flush=True)


def _file_chunks(source, offset, size, progress):
    """`size` bytes of an open file from `offset`, in CHUNK_BYTES blocks: http.client sends each as it comes."""
    source.seek(offset)
    left = size
    while left > 0:
        chunk = source.read(min(CHUNK_BYTES, left))
        if not chunk:
            raise OSError(f"{source.name} changed size during the upload")
        left -= len(chunk)
        progress.add(len(chunk))
        yield chunk


class EtlClient:
    def __init__(self, url, request_id=None, timeout=60, run_timeout=900):
        self.url = url
        self.request_id = request_id
        self.timeout = timeout
        # runScript answers when the run has ended: a queued or long run takes longer than a query.
        self.run_timeout = run_timeout
        self.access_token = None
        self.refresh_token = None
        self.expires_at = 0.0
        # The progress line of uploads and downloads on stderr.
        self.progress = True

    def execute(self, query, variables=None, request_id=None, timeout=None):
        request_id = request_id or self.request_id or str(uuid.uuid4())
        headers = {"content-type": "application/json", "x-request-id": request_id}
        if self.access_token:
            if time.time() > self.expires_at - 30 and self.refresh_token:
                self._refresh()
            headers["authorization"] = f"Bearer {self.access_token}"
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as failure:  # 400/413: the body is still a GraphQL answer
            answer = json.load(failure)
        if answer.get("errors"):
            error = answer["errors"][0]
            extensions = error.get("extensions", {})
            raise ApiError(extensions.get("code"), error["message"], extensions.get("requestId"))
        return answer["data"]

    def _keep(self, session):
        self.access_token = session["accessToken"]
        self.refresh_token = session["refreshToken"]
        self.expires_at = datetime.fromisoformat(session["expiresAt"].replace("Z", "+00:00")).timestamp()
        return session

    def login(self, login, password):
        data = self.execute(LOGIN, {"l": login, "p": password})
        return self._keep(data["login"])

    def use_api_token(self, secret):
        """Signs every request with an API token (`etl_pat_…`); there is nothing to refresh."""
        if not secret.startswith("etl_pat_"):
            raise ValueError("an API token starts with etl_pat_")
        self.access_token = secret
        self.refresh_token = None
        self.expires_at = float("inf")

    def _refresh(self):
        token, self.access_token = self.refresh_token, None
        data = self.execute(REFRESH, {"t": token})
        self._keep(data["refreshToken"])

    def folder_id(self, folder_path):
        """The id of the folder at `folder_path` (`geology/wells`), creating the folders missing on the way."""
        folders = {f["path"]: f["id"] for f in self.execute(FOLDER_PATHS)["tree"]["folders"]}
        parent, path = None, ""
        for name in filter(None, folder_path.split("/")):
            path = f"{path}/{name}" if path else name
            if path not in folders:
                created = self.execute(CREATE_FOLDER, {"i": {"name": name, "parentId": parent}})
                folders[path] = created["createFolder"]["id"]
            parent = folders[path]
        return parent

    def upload(self, source_file, logical_path, release=False):
        """Stores a local Python file at `logical_path`: a new script, or a new version of the one there."""
        folder_path, _, name = logical_path.rpartition("/")
        with open(source_file, encoding="utf-8") as source:
            content = source.read()
        script = self.execute(
            CREATE_SCRIPT,
            {"i": {"folderId": self.folder_id(folder_path), "name": name, "content": content, "replace": True}},
        )["createScript"]
        if release:
            script.update(self.execute(RELEASE_SCRIPT, {"id": script["id"]})["releaseScript"])
        return script

    def pod_logs(self, pod, namespace="etl", grep=None, tail=100):
        return self.execute(POD_LOGS, {"ns": namespace, "pod": pod, "grep": grep, "tail": tail})["podLogs"]

    def upload_file(self, path, prefix=None, content_type=None):
        """Streams a local file to the store in CHUNK_BYTES blocks, never whole in memory; the key is
        `<prefix or uploads>/<unique id>/<name>`. One PUT, or (S3, large files) one PUT per part and then
        completeUpload; a failed multipart upload is aborted. Returns the stored file."""
        size = os.path.getsize(path)
        upload = {"filename": os.path.basename(path), "size": size}
        if prefix:
            upload["prefix"] = prefix
        if content_type:
            upload["contentType"] = content_type
        target = self.execute(CREATE_UPLOAD, {"i": upload})["createUpload"]
        progress = Progress(upload["filename"], size, self.progress)
        with open(path, "rb") as source:
            if not target["multipart"]:
                self._put(target["url"], target["headers"], _file_chunks(source, 0, size, progress), size)
                progress.finish()
                return self.execute(FILE, {"k": target["key"]})["file"]
            multipart = target["multipart"]
            try:
                parts = []
                for part in multipart["parts"]:
                    chunks = _file_chunks(source, part["offset"], part["size"], progress)
                    etag = self._put(part["url"], part["headers"], chunks, part["size"]).get("etag")
                    parts.append({"partNumber": part["partNumber"], "etag": etag})
                progress.finish()
                completed = {"key": target["key"], "uploadId": multipart["uploadId"], "size": size, "parts": parts}
                return self.execute(COMPLETE_UPLOAD, {"i": completed})["completeUpload"]
            except BaseException:
                self.execute(ABORT_UPLOAD, {"k": target["key"], "u": multipart["uploadId"]})
                raise

    def _put(self, url, headers, chunks, size):
        """PUTs `chunks` (`size` bytes in all) to an upload URL; the answer's headers, or an ApiError with
        the code of the refusal (`PAYLOAD_TOO_LARGE`, `FORBIDDEN`, …)."""
        sent = {header["name"]: header["value"] for header in headers}
        sent["Content-Length"] = str(size)
        request = urllib.request.Request(url, data=chunks, headers=sent, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
                return {name.lower(): value for name, value in response.headers.items()}
        except urllib.error.HTTPError as failure:
            raise ApiError(_error_code(failure), f"upload refused: HTTP {failure.code} {_error_text(failure)}",
                           failure.headers.get("x-request-id")) from None

    def run_script(self, path, input=None, files=None, version=None):
        """Runs `main(input)` of the script at `path` and returns the ended run, whatever its status.

        The server waits a while for the end (SCRIPT_RUN_WAIT_SECONDS) and answers a longer run
        still RUNNING; this then follows it until it ends.
        """
        variables = {"path": path, "input": input, "files": list(files or []), "version": version}
        run = self.execute(RUN_SCRIPT, variables, timeout=self.run_timeout)["runScript"]
        return self.wait_for_run(run)

    def start_run(self, path, input=None, files=None, version=None):
        """Starts a run and returns it at once, QUEUED or RUNNING; `wait_for_run` follows it."""
        variables = {"path": path, "input": input, "files": list(files or []), "version": version}
        return self.execute(START_SCRIPT_RUN, variables)["startScriptRun"]

    def wait_for_run(self, run, poll_seconds=1.0, max_poll_seconds=10.0):
        """Polls `scriptRun` until the run has ended, a little less often each time."""
        while run["status"] in ("QUEUED", "RUNNING"):
            time.sleep(poll_seconds)
            poll_seconds = min(poll_seconds * 1.5, max_poll_seconds)
            run = self.script_run(run["id"])
        return run

    def script_run(self, run_id):
        return self.execute(SCRIPT_RUN, {"id": run_id})["scriptRun"]

    def cancel_run(self, run_id):
        """Cancels a queued or running run (yours, or any with scripts:admin); the run as it ended."""
        return self.execute(CANCEL_SCRIPT_RUN, {"id": run_id})["cancelScriptRun"]

    def script_runs(self, script_path, first=None):
        """The runs of the script at `script_path`, newest first."""
        script_id = self.execute(SCRIPT_ID, {"p": script_path})["scriptByPath"]["id"]
        return self.execute(SCRIPT_RUNS, {"id": script_id, "first": first})["scriptRuns"]

    def files(self, prefix=None, first=None):
        return self.execute(FILES, {"p": prefix, "n": first})["files"]

    def file(self, key):
        """A stored file's details with a fresh `downloadUrl` (a signed link that expires)."""
        return self.execute(FILE, {"k": key})["file"]

    def delete_file(self, key):
        return self.execute(DELETE_FILE, {"k": key})["deleteFile"]

    def download(self, key, target_path):
        """Fetches a stored file through its download link into `target_path` (a file, or a folder to put
        it in under its own name), in CHUNK_BYTES blocks with a progress line: a file of gigabytes never
        sits in memory. Returns where it went."""
        stored = self.file(key)
        if os.path.isdir(target_path) or target_path.endswith(("/", os.sep)):
            target_path = os.path.join(target_path, *_safe_parts(stored["name"], key))
        size = self.download_url(stored["downloadUrl"], target_path)
        return {"key": key, "path": target_path, "size": size}

    def download_url(self, url, target_path):
        """GETs a download link (no token: the link is signed) into `target_path`, written whole or not
        at all: the bytes go to a temporary file beside it, renamed once complete. Returns the size."""
        # The link is absolute; a relative one would be relative to the gateway.
        request = urllib.request.Request(urllib.parse.urljoin(self.url, url), method="GET")
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as failure:
            raise DownloadError(f"download refused: HTTP {failure.code} {_error_text(failure)}") from None
        with response:
            folder = os.path.dirname(os.path.abspath(target_path))
            os.makedirs(folder, exist_ok=True)
            partial = os.path.join(folder, f".{os.path.basename(target_path)}.{uuid.uuid4().hex[:8]}.part")
            try:
                # Created like any new file (mode 0o666 less the umask), never over an existing one.
                expected = response.headers.get("content-length")
                progress = Progress(os.path.basename(target_path), int(expected or 0), self.progress)
                with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as target:
                    while chunk := response.read(CHUNK_BYTES):
                        target.write(chunk)
                        progress.add(len(chunk))
                    size = target.tell()
                progress.finish()
                if expected is not None and int(expected) != size:
                    raise DownloadError(f"download of {target_path} ended after {size} of {expected} bytes")
                os.replace(partial, target_path)
                return size
            finally:
                if os.path.exists(partial):
                    os.unlink(partial)

    def download_outputs(self, run, folder):
        """Downloads every output file of a run into `folder`, keeping the path the script gave it under
        `out/` (`out/summary.json` becomes `<folder>/summary.json`)."""
        prefix = f"runs/{run['id']}/out/"
        downloaded = []
        for output in run["outputFiles"]:
            key = output["key"]
            relative = key[len(prefix) :] if key.startswith(prefix) else key.rpartition("/")[2]
            downloaded.append(self.download(key, os.path.join(folder, *_safe_parts(relative, key))))
        return downloaded


def _safe_parts(relative, key):
    """The segments of a path that a server gave, checked to stay inside the folder they are joined to."""
    parts = relative.split("/")
    if any(part in ("", ".", "..") or "\\" in part or os.sep in part for part in parts):
        raise DownloadError(f"refusing to write stored file {key!r} outside the target folder")
    return parts


def _error_body(failure):
    """A refused transfer's JSON body (`{"error": "link expired", "code": "FORBIDDEN"}`), read once."""
    if not hasattr(failure, "_etl_body"):
        try:
            failure._etl_body = json.loads(failure.read(4096))
        except (ValueError, TypeError, OSError):
            failure._etl_body = {}
    return failure._etl_body if isinstance(failure._etl_body, dict) else {}


def _error_text(failure):
    """The `error` of a refused transfer's JSON body (`link expired`), else its HTTP reason."""
    return _error_body(failure).get("error") or failure.reason


def _error_code(failure):
    """The `code` of a refused upload's JSON body, else one from the HTTP status."""
    return _error_body(failure).get("code") or f"HTTP_{failure.code}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000/graphql")
    parser.add_argument("--login", default="admin", help="who signs in with a password (unless ETL_API_TOKEN is set)")
    parser.add_argument("--request-id", default=None, help="x-request-id of every request (default: one each)")
    parser.add_argument("--quiet", action="store_true", help="no progress line on stderr for uploads and downloads")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("me", help="the signed-in user (the default)")
    commands.add_parser("tree", help="every folder and script")
    upload = commands.add_parser("upload", help="store a local file as a script (a new version if it exists)")
    upload.add_argument("file")
    upload.add_argument("path", help="logical path, such as geology/analysis.py")
    upload.add_argument("--release", action="store_true")
    logs = commands.add_parser("logs", help="the end of a pod's log")
    logs.add_argument("pod")
    logs.add_argument("--namespace", default="etl")
    logs.add_argument("--grep")
    logs.add_argument("--tail", type=int, default=100)
    put = commands.add_parser("put", help="stream a local file to the store (progress on stderr); prints it")
    put.add_argument("file")
    put.add_argument("--prefix", help="folder-like start of the key, such as geology/input (default: uploads)")
    put.add_argument("--content-type", help="media type (default: guessed from the file name)")
    run_ = commands.add_parser("run", help="run a script and print the run; exit code 3 unless it SUCCEEDED")
    run_.add_argument("path", help="logical path, such as geology/analysis.py")
    given = run_.add_mutually_exclusive_group()
    given.add_argument("--input", type=json_object, metavar="JSON", help="""given to main, such as '{"unit":"m"}'""")
    given.add_argument("--input-file", type=json_object_file, dest="input", metavar="FILE", help="--input from a file")
    run_.add_argument(
        "--file", dest="files", action="extend", nargs="+", default=[], metavar="KEY", help="a stored file, as in/<name>"
    )
    run_.add_argument("--version", type=int, metavar="N", help="default: the released version, else the newest")
    run_.add_argument("--download", metavar="DIR", help="save every output file into DIR")
    run_.add_argument(
        "--detach", action="store_true", help="start the run and print it at once (QUEUED or RUNNING); see get-run"
    )
    get_run = commands.add_parser("get-run", help="a run, with its result, output and files")
    get_run.add_argument("run_id")
    cancel = commands.add_parser("cancel", help="cancel a queued or running run (yours, or any as an admin)")
    cancel.add_argument("run_id")
    runs = commands.add_parser("runs", help="a script's runs, newest first")
    runs.add_argument("script_path")
    runs.add_argument("--first", type=int, metavar="N", help="how many (default 20)")
    files = commands.add_parser("files", help="stored files, by key")
    files.add_argument("--prefix", help="start of the keys, such as runs/<run id>/")
    files.add_argument("--first", type=int, metavar="N", help="how many (default 100)")
    get = commands.add_parser("get", help="download a stored file")
    get.add_argument("key")
    get.add_argument("--out", default=".", help="file or existing folder to write (default: ./<file name>)")
    rm = commands.add_parser("rm", help="delete a stored file")
    rm.add_argument("key")
    return parser.parse_args()


def json_object(text):
    try:
        value = json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not JSON: {error}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError('expected a JSON object, such as {"unit": "m"}')
    return value


def json_object_file(path):
    try:
        with open(path, encoding="utf-8") as source:
            return json_object(source.read())
    except OSError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run(client, args):
    if args.command == "tree":
        return client.execute(TREE)["tree"]
    if args.command == "upload":
        return client.upload(args.file, args.path, args.release)
    if args.command == "logs":
        return client.pod_logs(args.pod, args.namespace, args.grep, args.tail)
    if args.command == "put":
        return client.upload_file(args.file, args.prefix, args.content_type)
    if args.command == "run" and args.detach:
        return client.start_run(args.path, args.input, args.files, args.version)
    if args.command == "run":
        result = client.run_script(args.path, args.input, args.files, args.version)
        if args.download:
            result["downloads"] = client.download_outputs(result, args.download)
        return result
    if args.command == "get-run":
        return client.script_run(args.run_id)
    if args.command == "cancel":
        return client.cancel_run(args.run_id)
    if args.command == "runs":
        return client.script_runs(args.script_path, args.first)
    if args.command == "files":
        return client.files(args.prefix, args.first)
    if args.command == "get":
        return client.download(args.key, args.out)
    if args.command == "rm":
        return {"key": args.key, "deleted": client.delete_file(args.key)}
    return client.execute(ME)["me"]


def main():
    args = parse_args()
    api_token = os.environ.get("ETL_API_TOKEN")
    client = EtlClient(args.url, args.request_id)
    client.progress = not args.quiet
    try:
        if api_token:
            client.use_api_token(api_token)
        else:
            client.login(args.login, os.environ.get("ETL_PASSWORD") or getpass.getpass(f"Password for {args.login}: "))
        result = run(client, args)
    except (ApiError, OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    if args.command == "run" and not args.detach and result["status"] != "SUCCEEDED":
        error = result.get("error") or {}
        print(f"run {result['id']} {result['status']}: {error.get('code')}: {error.get('message')}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
