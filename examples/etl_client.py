#!/usr/bin/env python3
"""A client of the ETL platform's GraphQL API with only Python's standard library.

This is how plain HTTP clients (the hydrodynamic-simulation software, for one) talk to the
gateway: sign in, keep the token pair, refresh when the access token is about to expire, and
turn GraphQL errors into exceptions that carry the error code and the request id.

    python3 examples/etl_client.py --login admin                       # who am I
    python3 examples/etl_client.py --login alice upload analysis.py geology/analysis.py --release
    python3 examples/etl_client.py --login alice tree
    python3 examples/etl_client.py --login olga logs scripts --grep <request id> --tail 20

The password comes from ETL_PASSWORD, else it is asked for.
"""

import argparse
import getpass
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime


class ApiError(Exception):
    """A GraphQL error: `code` is the contract's code, `request_id` ties it to the server's logs."""

    def __init__(self, code, message, request_id):
        super().__init__(f"{code}: {message} (request {request_id})")
        self.code = code
        self.request_id = request_id


class EtlClient:
    def __init__(self, url, request_id=None):
        self.url = url
        self.request_id = request_id
        self.access_token = None
        self.refresh_token = None
        self.expires_at = 0.0

    def execute(self, query, variables=None, request_id=None):
        request_id = request_id or self.request_id or str(uuid.uuid4())
        headers = {"content-type": "application/json", "x-request-id": request_id}
        if self.access_token:
            if time.time() > self.expires_at - 30 and self.refresh_token:
                self._refresh()
            headers["authorization"] = f"Bearer {self.access_token}"
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
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
        data = self.execute(
            "mutation($l: String!, $p: String!) {"
            " login(login: $l, password: $p) { accessToken refreshToken expiresAt user { id login } } }",
            {"l": login, "p": password},
        )
        return self._keep(data["login"])

    def _refresh(self):
        token, self.access_token = self.refresh_token, None
        data = self.execute(
            "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken expiresAt } }",
            {"t": token},
        )
        self._keep(data["refreshToken"])


    def folder_id(self, folder_path):
        """The id of the folder at `folder_path` (`geology/wells`), creating the folders missing on the way."""
        folders = {f["path"]: f["id"] for f in self.execute("{ tree { folders { id path } } }")["tree"]["folders"]}
        parent, path = None, ""
        for name in filter(None, folder_path.split("/")):
            path = f"{path}/{name}" if path else name
            if path not in folders:
                created = self.execute(
                    "mutation($i: CreateFolderInput!) { createFolder(input: $i) { id } }",
                    {"i": {"name": name, "parentId": parent}},
                )
                folders[path] = created["createFolder"]["id"]
            parent = folders[path]
        return parent

    def upload(self, source_file, logical_path, release=False):
        """Stores a local Python file at `logical_path`: a new script, or a new version of the one there."""
        folder_path, _, name = logical_path.rpartition("/")
        with open(source_file, encoding="utf-8") as source:
            content = source.read()
        script = self.execute(
            "mutation($i: CreateScriptInput!) { createScript(input: $i) { id logicalPath version released } }",
            {"i": {"folderId": self.folder_id(folder_path), "name": name, "content": content, "replace": True}},
        )["createScript"]
        if release:
            script.update(
                self.execute(
                    "mutation($id: ID!) { releaseScript(id: $id) { released releasedVersion } }", {"id": script["id"]}
                )["releaseScript"]
            )
        return script

    def pod_logs(self, pod, namespace="etl", grep=None, tail=100):
        query = (
            "query($ns: String!, $pod: String!, $grep: String, $tail: Int) {"
            " podLogs(namespace: $ns, pod: $pod, grep: $grep, tailLines: $tail) { truncated lines { timestamp message } } }"
        )
        return self.execute(query, {"ns": namespace, "pod": pod, "grep": grep, "tail": tail})["podLogs"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000/graphql")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--request-id", default=None, help="x-request-id of every request (default: one each)")
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
    return parser.parse_args()


def run(client, args):
    if args.command == "tree":
        return client.execute("{ tree { folders { path } scripts { logicalPath version released } } }")["tree"]
    if args.command == "upload":
        return client.upload(args.file, args.path, args.release)
    if args.command == "logs":
        return client.pod_logs(args.pod, args.namespace, args.grep, args.tail)
    return client.execute("{ me { id login roles { name } permissions } }")["me"]


def main():
    args = parse_args()
    password = os.environ.get("ETL_PASSWORD") or getpass.getpass(f"Password for {args.login}: ")
    client = EtlClient(args.url, args.request_id)
    try:
        client.login(args.login, password)
        result = run(client, args)
    except (ApiError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
