"""Load test of ``fazhi-lint serve`` on loopback: concurrent reviewers, each checking batch after batch.

    python benchmarks/serve_load.py [--clients 20] [--batches 10] [--reports 5] [--workers N]

Starts a server (its TMPDIR a fresh folder), then runs ``--clients`` threads at once; each does what the page
does for ``--batches`` batches in a row: create a batch, upload ``--reports`` reports, start, poll the
progress until done, fetch the table and one checklist, download the XLSX and one 审查意见 draft, discard
the batch. It stops by itself (each client has a fixed amount of work, and everything is bounded by
``--limit`` seconds), then stops the server with Ctrl-C and looks at what is left on disk.

Prints throughput, latency (median, 95th percentile, worst) per kind of request and per batch, peak
memory of the server process and of the server with its workers, the peak bytes stored, the number of
failed requests and the files left behind. Exit status 1 when any request failed or anything was left.
Nothing here asserts a time: the figures go into the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serveclient import Client, ServerProcess  # noqa: E402

REPORTS = sorted((ROOT / "examples" / "heldout").glob("H*")) + [ROOT / "examples" / "compliant.txt",
                                                                 ROOT / "examples" / "deficient.txt"]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []
        self.reports = 0

    def timed(self, kind: str, client: Client, method: str, path: str, expect: int, **kw: object) -> object:
        start = time.perf_counter()
        try:
            reply = client.request(method, path, **kw)  # type: ignore[arg-type]
        except OSError as exc:
            self.fail(f"{kind}: {exc}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
        if reply.status != expect:
            self.fail(f"{kind}: HTTP {reply.status} {reply.body[:200]!r}")
            return None
        return reply

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)


def reviewer(server: ServerProcess, number: int, batches: int, per_batch: int, stats: Stats, deadline: float) -> None:
    client = server.client()
    for b in range(batches):
        if time.monotonic() > deadline:
            stats.fail(f"client {number}: stopped at the time limit")
            return
        began = time.perf_counter()
        reply = stats.timed("create", client, "POST", "/api/batches", 201)
        if reply is None:
            continue
        batch = reply.json()  # type: ignore[attr-defined]
        batch_id = batch["id"]
        for i in range(per_batch):
            source = REPORTS[(number * batches * per_batch + b * per_batch + i) % len(REPORTS)]
            stats.timed("upload", client, "PUT", f"/api/batches/{batch_id}/files?name={i}-{source.name}",
                        200, body=source.read_bytes(), headers={"Content-Type": "application/octet-stream"})
        stats.timed("start", client, "POST", f"/api/batches/{batch_id}/start", 202, body=b'{"profile":"auto"}',
                    headers={"Content-Type": "application/json"})
        while time.monotonic() < deadline:
            state = stats.timed("poll", client, "GET", f"/api/batches/{batch_id}", 200)
            if state is None or state.json()["state"] in ("done", "failed"):  # type: ignore[attr-defined]
                break
            time.sleep(0.2)
        if state is not None and state.json()["state"] != "done":  # type: ignore[attr-defined]
            stats.fail(f"batch {batch_id}: {state.json()}")  # type: ignore[attr-defined]
            continue
        stats.timed("summary", client, "GET", f"/api/batches/{batch_id}/summary", 200)
        stats.timed("checklist", client, "GET", f"/api/batches/{batch_id}/reports/0", 200)
        stats.timed("xlsx", client, "GET", f"/api/batches/{batch_id}/download/summary.xlsx", 200)
        stats.timed("opinion", client, "GET", f"/api/batches/{batch_id}/reports/1/opinion", 200)
        with stats.lock:
            stats.times["batch (upload → downloads)"].append(time.perf_counter() - began)
            stats.reports += per_batch
        stats.timed("discard", client, "DELETE", f"/api/batches/{batch_id}", 200)


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (workers are started by the server's threads, so every thread's children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def stored_bytes(root: Path) -> int:
    """Bytes of the files under ``root`` now (batches come and go while it looks: what vanishes is skipped)."""
    total = 0
    for folder, _, files in os.walk(root):
        for name in files:
            try:
                total += os.stat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total


def watch(server: ServerProcess, stop: threading.Event, peaks: dict[str, int]) -> None:
    pid = server.proc.pid
    while not stop.is_set():
        own = rss_kb(pid)
        total = own + sum(rss_kb(c) for c in descendants(pid))
        peaks["server"] = max(peaks.get("server", 0), own)
        peaks["total"] = max(peaks.get("total", 0), total)
        peaks["stored"] = max(peaks.get("stored", 0), stored_bytes(server.root))
        stop.wait(0.1)


def row(kind: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"  {kind:<28} {len(times):>6}  median {statistics.median(ordered) * 1000:8.1f} ms"
            f"  p95 {p95 * 1000:8.1f} ms  max {ordered[-1] * 1000:8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--reports", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--limit", type=float, default=1800.0, help="seconds after which the clients give up")
    args = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="fazhi-lint-load-"))
    extra = ["--workers", str(args.workers)] if args.workers else []
    server = ServerProcess(temp, *extra)
    stats = Stats()
    peaks: dict[str, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(server, stop, peaks), daemon=True)
    watcher.start()
    deadline = time.monotonic() + args.limit
    started = time.perf_counter()
    threads = [threading.Thread(target=reviewer, args=(server, n, args.batches, args.reports, stats, deadline))
               for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join()
    code, err = server.stop()
    left = [p for p in temp.rglob("*")]
    os.rmdir(temp) if not left else None

    batches = len(stats.times["batch (upload → downloads)"])
    requests = sum(len(v) for k, v in stats.times.items() if not k.startswith("batch"))
    print(f"fazhi-lint serve under load: {args.clients} clients × {args.batches} batches × {args.reports} reports, "
          f"{server_workers(err)} on {os.cpu_count()} cores")
    print(f"  wall time {elapsed:.1f} s; {batches} batches, {stats.reports} reports, {requests} requests")
    print(f"  throughput {stats.reports / elapsed:.1f} reports/s, {batches / elapsed:.2f} batches/s, "
          f"{requests / elapsed:.1f} requests/s")
    for kind in sorted(stats.times):
        print(row(kind, stats.times[kind]))
    print(f"  peak RSS: server {peaks.get('server', 0) / 1024:.0f} MB; server and workers {peaks.get('total', 0) / 1024:.0f} MB")
    print(f"  peak stored in the private directory: {peaks.get('stored', 0) / 1024 / 1024:.1f} MB")
    print(f"  failed requests: {len(stats.failures)}; server exit code {code}; files left on disk: {len(left)}")
    for failure in stats.failures[:10]:
        print(f"    {failure}")
    return 1 if stats.failures or left or code != 0 else 0


def server_workers(stderr: str) -> str:
    import re

    found = re.search(r"(\d+) 个检查进程", stderr)
    return f"{found.group(1) if found else '?'} worker processes"


if __name__ == "__main__":
    sys.exit(main())
