"""Batches: the reports a reviewer uploaded, kept in the server's private temporary directory until discarded.

The server makes one directory for itself (``tempfile.mkdtemp``: readable by this user only) and one inside
it per batch. A batch is removed from disk when the reviewer discards it, when it has been idle for
``KEEP_SECONDS``, when room is needed for a new batch (the least recently used finished one goes first, or
one left unfinished for ``OPEN_IDLE_SECONDS``), and with everything else when the server stops. A directory left by a server that was killed (SIGKILL, power cut)
is removed by the next server to start, once no process of its own is alive.

A batch's life: "open" (files are added) → "queued" (waits for a turn) → "reading" → "checking" → "done",
or "failed" when something outside the reports went wrong (the message says what). A file that cannot be
read never stops the batch: it becomes a report that could not be read, as on the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from validator.serve import limits
from validator.serve.outputs import BatchInfo

if TYPE_CHECKING:
    from validator.summary.model import Summary

ROOT_PREFIX = "fazhi-lint-serve-"
OWNER_FILE = "server.pid"
CURRENT, PREVIOUS = "current", "previous"
OPEN, QUEUED, READING, CHECKING, DONE, FAILED = "open", "queued", "reading", "checking", "done", "failed"
BUSY = frozenset({QUEUED, READING, CHECKING})
# A batch still being filled may make room for a new one only after this long without a request.
OPEN_IDLE_SECONDS = 600.0
STATE_NAME = {OPEN: "等待上传", QUEUED: "排队中", READING: "读取中", CHECKING: "检查中", DONE: "已完成", FAILED: "出错"}


class Full(Exception):
    """No room for what was asked (a batch, a file, bytes); the message says which limit."""


@dataclass
class Upload:
    """One report file of a batch, stored as ``files/N.suffix`` under its batch's directory."""

    number: int
    name: str  # unique in the batch; what every message and output calls it
    zone: str  # CURRENT (checked) or PREVIOUS (last year's, for comparison only)
    path: Path
    size: int
    error: str | None = None  # why it could not be read
    status: str = ""  # pass | fail | error once checked
    profile: str = ""  # the profile it was checked with
    previous: str | None = None  # the name of last year's report it was compared with

    def document(self) -> Path:
        return self.path.parent.parent / "work" / f"{self.number}.document"

    def result(self) -> Path:
        return self.path.parent.parent / "work" / f"{self.number}.report"


@dataclass
class Settings:
    """What the reviewer chose for a batch (validated by the server)."""

    profile: str = ""
    kind: str = "government"
    info: BatchInfo = field(default_factory=BatchInfo)


@dataclass
class Batch:
    id: str
    directory: Path
    uploads: list[Upload] = field(default_factory=list)
    state: str = OPEN
    settings: Settings = field(default_factory=Settings)
    size: int = 0
    read: int = 0
    checked: int = 0
    notes: list[str] = field(default_factory=list)  # about the batch as a whole (last year's reports)
    error: str | None = None
    summary: Summary | None = None
    touched: float = field(default_factory=time.monotonic)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one upload at a time
    task: asyncio.Task[None] | None = None
    discarded: bool = False
    _next: int = 0

    def allocate(self, suffix: str) -> Path:
        """A new, unused path for a file of this batch."""
        self._next += 1
        return self.directory / "files" / f"{self._next}{suffix}"

    def unique_name(self, name: str) -> str:
        """``name``, or ``name (2).txt`` when the batch already holds a file of that name."""
        taken = {u.name for u in self.uploads}
        if name not in taken:
            return name
        dot = name.rfind(".")
        stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
        n = 2
        while f"{stem} ({n}){suffix}" in taken:
            n += 1
        return f"{stem} ({n}){suffix}"

    def current(self) -> list[Upload]:
        return [u for u in self.uploads if u.zone == CURRENT]

    def by_name(self, name: str) -> Upload | None:
        return next((u for u in self.uploads if u.name == name), None)

    @property
    def room_files(self) -> int:
        return limits.MAX_BATCH_FILES - len(self.uploads)

    @property
    def room_bytes(self) -> int:
        return limits.MAX_BATCH_BYTES - self.size


class Store:
    """Every batch of the server, and the private directory they live in."""

    def __init__(self, parent: str | None = None) -> None:
        remove_abandoned(parent)
        self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=parent))
        (self.root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
        self.temp = self.root / "tmp"  # the workers' TMPDIR (LibreOffice's conversions)
        self.temp.mkdir()
        self.batches: dict[str, Batch] = {}

    @property
    def stored(self) -> int:
        return sum(b.size for b in self.batches.values())

    def create(self) -> Batch:
        self.expire()
        if len(self.batches) >= limits.MAX_BATCHES:
            now = time.monotonic()
            idle = sorted((b for b in self.batches.values() if b.state not in BUSY and not b.lock.locked()
                           and (b.state != OPEN or now - b.touched > OPEN_IDLE_SECONDS)), key=lambda b: b.touched)
            if not idle:
                raise Full(f"服务器上同时保留的批次已达上限 {limits.MAX_BATCHES} 个，请稍后再试或丢弃不用的批次")
            self.discard(idle[0])
        batch_id = secrets.token_urlsafe(18)
        directory = self.root / batch_id
        (directory / "files").mkdir(parents=True)
        (directory / "work").mkdir()
        (directory / "out").mkdir()
        batch = Batch(batch_id, directory)
        self.batches[batch_id] = batch
        return batch

    def get(self, batch_id: str) -> Batch | None:
        batch = self.batches.get(batch_id)
        if batch is not None:
            batch.touched = time.monotonic()
        return batch

    def discard(self, batch: Batch) -> None:
        """Forget a batch and delete its files (at once, or when its running task stops using them)."""
        batch.discarded = True
        self.batches.pop(batch.id, None)
        if batch.task is not None and not batch.task.done():
            batch.task.cancel()  # the task removes the directory when it has stopped
            return
        shutil.rmtree(batch.directory, ignore_errors=True)

    def expire(self) -> None:
        now = time.monotonic()
        for batch in list(self.batches.values()):
            if batch.state not in BUSY and now - batch.touched > limits.KEEP_SECONDS:
                self.discard(batch)

    def close(self) -> None:
        for batch in list(self.batches.values()):
            self.discard(batch)
        shutil.rmtree(self.root, ignore_errors=True)


def remove_abandoned(parent: str | None) -> None:
    """Remove what servers that were killed left in the temporary directory: our own directories whose
    server process is gone."""
    base = Path(parent or tempfile.gettempdir())
    uid = os.getuid() if hasattr(os, "getuid") else None
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            if not entry.name.startswith(ROOT_PREFIX) or entry.is_symlink() or not entry.is_dir():
                continue
            with contextlib.suppress(OSError, ValueError):
                if uid is not None and entry.stat().st_uid != uid:
                    continue
                pid = int((entry / OWNER_FILE).read_text(encoding="ascii").strip())
                if not _alive(pid):
                    shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but is someone else's
        return True
    return True


def files_under(path: Path) -> Iterator[Path]:
    """Every file left under ``path`` (for tests and the load benchmark: nothing should be)."""
    if path.exists():
        yield from (p for p in path.rglob("*") if p.is_file())
