#!/usr/bin/env python3
"""A client of the ETL platform's GraphQL API with only Python's standard library.

This is how plain HTTP clients (the hydrodynamic-simulation software, for one) talk to the
gateway: sign in, keep the token pair, refresh when the access token is about to expire, and
turn GraphQL errors into exceptions that carry the error code and the request id.

    python3 examples/etl_client.py --url http://localhost:4000/graphql --login admin
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
    def __init__(self, url):
        self.url = url
        self.access_token = None
        self.refresh_token = None
        self.expires_at = 0.0

    def execute(self, query, variables=None, request_id=None):
        headers = {"content-type": "application/json", "x-request-id": request_id or str(uuid.uuid4())}
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000/graphql")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--request-id", default=None)
    args = parser.parse_args()
    password = os.environ.get("ETL_PASSWORD") or getpass.getpass(f"Password for {args.login}: ")
    client = EtlClient(args.url)
    try:
        client.login(args.login, password)
        me = client.execute("{ me { id login roles { name } permissions } }", request_id=args.request_id)
    except ApiError as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps(me["me"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
