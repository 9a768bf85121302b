"""A fixed number of worker processes that read and check reports for the server, one task at a time each.

Why not threads: checking is CPU-bound Python, so threads would share one core; and a report that crashes
a reader (a native library on a hostile PDF) or runs past every limit must cost one task, not the server.
Why not ``concurrent.futures.ProcessPoolExecutor``: it can neither stop one task that runs too long nor
survive a worker that dies (the whole pool breaks, failing every task queued on it).

So each worker slot is a thread owning one process and a pipe to it. Tasks wait in one FIFO queue; a slot
takes the next, sends it, and waits for the answer up to the task's time limit. A worker that dies or
overruns is killed and replaced, and only its own task fails (with a message, as an unreadable report
would). A worker is also replaced after ``RECYCLE_AFTER`` tasks, so memory a long run of reports leaves
behind is given back. Workers are started with "spawn" (no copy of the server's threads or sockets), keep
their rule sets between tasks, ignore Ctrl-C (the server stops them) and, on Linux, die with the server.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from validator.serve.tasks import ServerConfig

RECYCLE_AFTER = 500
_POLL_SECONDS = 0.2


class TaskFailed(Exception):
    """A task could not be done; the message is for the reviewer (one line, names the file)."""


@dataclass
class _Job:
    kind: str
    args: tuple[Any, ...]
    seconds: float
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


class WorkerPool:
    """``size`` worker processes; ``submit`` queues a task and returns a future of its result."""

    def __init__(self, size: int, config: ServerConfig, temp_dir: str,
                 on_worker_start: Callable[[int], None] | None = None) -> None:
        import multiprocessing

        self.size = size
        self.config = config
        self.temp_dir = temp_dir
        self._context = multiprocessing.get_context("spawn")
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._closing = threading.Event()
        self._processes: set[Any] = set()
        self._lock = threading.Lock()
        self._on_worker_start = on_worker_start
        self._threads = [threading.Thread(target=self._slot, name=f"fazhi-lint-worker-{i}", daemon=True)
                         for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, kind: str, *args: Any, seconds: float) -> concurrent.futures.Future[Any]:
        job = _Job(kind, args, seconds)
        if self._closing.is_set():
            job.future.set_exception(TaskFailed("服务器正在停止"))
        else:
            self._queue.put(job)
        return job.future

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    def close(self) -> None:
        """Stop every worker now (tasks still queued fail); returns when they are gone."""
        self._closing.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=10)
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            _stop(process)
        while True:  # anything left in the queue
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None and job.future.set_running_or_notify_cancel():
                job.future.set_exception(TaskFailed("服务器正在停止"))

    # ------------------------------------------------------------------ one slot

    def _slot(self) -> None:
        worker: _Worker | None = None
        try:
            while True:
                job = self._queue.get()
                if job is None or self._closing.is_set():
                    if job is not None and job.future.set_running_or_notify_cancel():
                        job.future.set_exception(TaskFailed("服务器正在停止"))
                    return
                if not job.future.set_running_or_notify_cancel():
                    continue  # cancelled while it waited (its batch was discarded)
                if worker is None or worker.done >= RECYCLE_AFTER or not worker.process.is_alive():
                    if worker is not None:
                        self._retire(worker)
                    worker = self._start()
                worker = self._run(worker, job)
        finally:
            if worker is not None:
                self._retire(worker)

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.config, self.temp_dir, os.getpid()),
                                        name="fazhi-lint-worker", daemon=True)
        process.start()
        child.close()
        with self._lock:
            self._processes.add(process)
        if self._on_worker_start is not None and process.pid is not None:
            self._on_worker_start(process.pid)
        return _Worker(process, parent)

    def _retire(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.close()
        _stop(worker.process)
        with self._lock:
            self._processes.discard(worker.process)

    def _run(self, worker: _Worker, job: _Job) -> _Worker | None:
        """Do one job; the worker to keep using, or None when it had to be stopped."""
        import time

        try:
            worker.connection.send((job.kind, job.args))
        except (OSError, ValueError):
            self._retire(worker)
            job.future.set_exception(TaskFailed("检查进程无法启动"))
            return None
        deadline = time.monotonic() + job.seconds
        while not worker.connection.poll(_POLL_SECONDS):
            if self._closing.is_set():
                self._retire(worker)
                job.future.set_exception(TaskFailed("服务器正在停止"))
                return None
            if time.monotonic() > deadline:
                self._retire(worker)
                job.future.set_exception(TaskFailed(f"超过 {job.seconds:.0f} 秒仍未完成，已停止"))
                return None
            if not worker.process.is_alive() and not worker.connection.poll(0):
                break
        try:
            status, value = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=2)  # the pipe closes as it dies: wait to learn how
            code = worker.process.exitcode
            self._retire(worker)
            job.future.set_exception(TaskFailed(f"检查进程意外退出（{_exit_text(code)}）"))
            return None
        worker.done += 1
        if status == "ok":
            job.future.set_result(value)
        else:
            job.future.set_exception(TaskFailed(str(value)))
        return worker


@dataclass
class _Worker:
    process: Any
    connection: Connection
    done: int = 0


def _stop(process: Any) -> None:
    if process.is_alive():
        process.terminate()
        process.join(timeout=3)
    if process.is_alive():
        process.kill()
        process.join(timeout=3)


def _exit_text(code: int | None) -> str:
    if code is None:
        return "原因不明"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"信号 {signal.Signals(-code).name}"
    return f"退出码 {code}"


# --------------------------------------------------------------------------- in the worker process


def worker_main(connection: Connection, config: ServerConfig, temp_dir: str, server: int) -> None:
    """A worker's life: answer ("ok", result) or ("error", message) to each task until the pipe closes."""
    from validator.errors import FazhiError
    from validator.serve import tasks

    _detach(temp_dir, server)
    tasks.configure(config)
    while True:
        try:
            kind, args = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply: tuple[str, Any] = ("ok", tasks.TASKS[kind](*args))
        except FazhiError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = ("error", "内存不足，未能完成")
        except Exception as exc:  # noqa: BLE001 - one report must never end the worker, nor show a traceback
            reply = ("error", f"内部错误：{type(exc).__name__}: {exc}（请报告此问题）")
        try:
            connection.send(reply)
        except (OSError, ValueError):
            return


def _detach(temp_dir: str, server: int) -> None:
    """Ctrl-C reaches the whole process group, but the server stops its workers itself; temporary files
    (LibreOffice's conversions) go into the server's private directory; on Linux, die with the server."""
    import tempfile

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["TMPDIR"] = temp_dir
    tempfile.tempdir = temp_dir
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
            if os.getppid() != server:  # the server died before prctl took effect
                os._exit(1)
