"""Starting ``fazhi-lint serve`` for a test or a benchmark, and talking to it as a browser's page does.

The server runs as its own process (``python -m validator serve --port 0``) with TMPDIR pointed at a folder
the caller owns, so a test can see everything it stores and that all of it is gone after it stops. The
client uses only the standard library (http.client), sending what the page sends: the Origin header and
the CSRF token from /api/session on every request that changes something.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from tests.conftest import ROOT

START_LIMIT_S = 120.0  # a generous bound on start-up (workers load the rule sets), so CI never hangs


class ServerProcess:
    def __init__(self, temp: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.temp = temp
        temp.mkdir(parents=True, exist_ok=True)
        environment = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                     env=environment)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # "fazhi-lint serve: http://127.0.0.1:PORT/…"
        if not line.startswith("fazhi-lint serve: http"):
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.url = line.split(": ", 1)[1].strip()
        parts = urlsplit(self.url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.root = self._root()

    def _root(self) -> Path:
        deadline = time.monotonic() + START_LIMIT_S
        while time.monotonic() < deadline:
            found = [p for p in self.temp.glob("fazhi-lint-serve-*") if p.is_dir()]
            if found:
                return found[0]
            time.sleep(0.05)
        raise RuntimeError("the server made no temporary directory")

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str]:
        """Stop it as a reviewer does (Ctrl-C); its exit code and what it said on stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        try:
            _, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err

    def client(self) -> Client:
        return Client(self.host, self.port)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One page's worth of requests: a connection, the Origin header and the CSRF token."""

    def __init__(self, host: str, port: int, origin: str | None = None, csrf: bool = True) -> None:
        self.host, self.port = host, port
        self.origin = origin if origin is not None else f"http://{host}:{port}"
        self.csrf = self.request("GET", "/api/session").json()["csrf"] if csrf else ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        sent = {"Origin": self.origin, "X-Fazhi-Lint-CSRF": getattr(self, "csrf", "")} if method != "GET" else {}
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def new_batch(self) -> str:
        reply = self.request("POST", "/api/batches")
        assert reply.status == 201, reply.body
        batch: str = reply.json()["id"]
        return batch

    def upload(self, batch: str, name: str, data: bytes, zone: str = "current") -> Reply:
        return self.request("PUT", f"/api/batches/{batch}/files?zone={zone}&name={quote(name)}", data,
                            {"Content-Type": "application/octet-stream"})

    def start(self, batch: str, **settings: str) -> Reply:
        return self.request("POST", f"/api/batches/{batch}/start", json.dumps(settings).encode(),
                            {"Content-Type": "application/json"})

    def wait(self, batch: str, limit: float = 600.0) -> dict[str, Any]:
        deadline = time.monotonic() + limit
        while True:
            state: dict[str, Any] = self.request("GET", f"/api/batches/{batch}").json()
            if state["state"] in ("done", "failed") or time.monotonic() > deadline:
                return state
            time.sleep(0.1)

    def check(self, files: dict[str, bytes], **settings: str) -> tuple[str, dict[str, Any]]:
        """Upload, start, wait: the batch and its summary."""
        batch = self.new_batch()
        for name, data in files.items():
            reply = self.upload(batch, name, data)
            assert reply.status == 200, reply.body.decode()
        assert self.start(batch, **settings).status == 202
        state = self.wait(batch)
        assert state["state"] == "done", state
        summary: dict[str, Any] = self.request("GET", f"/api/batches/{batch}/summary").json()
        return batch, summary
