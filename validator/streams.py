"""Standard output and standard error that never end a run: any encoding, a reader that goes away, signals.

- Encoding: both streams use ``escape.STREAM_ERRORS``, so a console that cannot encode "✓" or Chinese
  (``PYTHONIOENCODING=ascii``, ``LC_ALL=zh_CN.GBK``) gets "√"/"v" or "?" rather than a UnicodeEncodeError.
- A broken pipe (``fazhi-lint check … | head -c 10``): the rest of the output is discarded, the run goes on,
  and the exit code is what the checks decided — a failure never turns into exit 0 because the reader left.
  Any other failure to write standard output (a full disk, a descriptor opened for reading) is an
  ``OutputError`` (exit 2, one line); a closed standard stream (``>&-``) discards what is written to it.
- SIGTERM (and SIGHUP, a closed terminal) ends the run like Ctrl-C does (``Terminated``): outputs being
  written are abandoned atomically, worker processes are stopped, and the exit code is 128 + the signal's
  number: 143 for SIGTERM, 129 for SIGHUP (130 for Ctrl-C).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

from validator.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console
from validator.escape import STREAM_ERRORS

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM (Terminated.exit_code for the signal that came)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived (a BaseException, like KeyboardInterrupt: no ``except Exception`` swallows it)."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class OutputError(UsageError):
    """An output could not be written (exit 2): the results are incomplete, whatever the checks found."""


class PipeSafeRaw(io.RawIOBase):
    """A file descriptor to write to that swallows EPIPE: after the reader has gone, writes are discarded.

    ``own``: close the descriptor with the object (an output opened for the run); a standard stream's
    descriptor belongs to the process and stays open. ``label`` names the output in the OutputError raised,
    once, for any other failure to write; without one (stderr, where nothing could report it), such a
    failure is discarded like a broken pipe.
    """

    def __init__(self, fd: int, own: bool = False, label: str | None = None) -> None:
        super().__init__()
        self.fd = fd
        self.own = own
        self.label = label
        self.broken = False
        self.failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.broken or self.failed:
            return size
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            self.broken = True
            return size
        except OSError as exc:
            self.failed = True  # raised once: the buffer's later flushes must not raise again at exit
            if self.label is None:
                return size
            raise OutputError(f"无法写入{self.label}（{exc.strerror or exc}）") from None

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def close(self) -> None:
        if self.own and not self.closed:
            with contextlib.suppress(OSError):
                os.close(self.fd)
        super().close()


def _guarded(stream: Any) -> io.TextIOWrapper | None:
    """A pipe-safe replacement for a real standard stream, or None when it is not one (a test's capture)."""
    if not isinstance(stream, io.TextIOWrapper) or stream not in (sys.__stdout__, sys.__stderr__):
        return None
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return None
    raw = PipeSafeRaw(fd, label="标准输出" if stream is sys.__stdout__ else None)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=STREAM_ERRORS,
                            newline=None, line_buffering=stream.line_buffering, write_through=stream.write_through)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Within the block: stdout and stderr encode whatever is written and survive a closed pipe."""
    saved = sys.stdout, sys.stderr
    replaced: list[io.TextIOWrapper] = []
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # the descriptor was closed (`>&-`): what would go there goes nowhere
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed with the block
            setattr(sys, name, stream)
            replaced.append(stream)
            continue
        guarded = _guarded(stream)
        if guarded is not None:
            setattr(sys, name, guarded)
            replaced.append(guarded)
        elif isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors=STREAM_ERRORS)
    try:
        yield
    finally:
        for stream in replaced:
            with contextlib.suppress(Exception):
                stream.flush()
        sys.stdout, sys.stderr = saved


_pending: list[int] = []  # a signal that came while a finaliser ran, to act on at the next safe point


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C raises KeyboardInterrupt, SIGTERM/SIGHUP raise Terminated — except inside a ``__del__``
    (the garbage collector runs them anywhere), where Python would print the exception as "ignored" and
    run on: the signal is then kept for ``check_signals`` at the next report."""
    if frame is not None and frame.f_code.co_name == "__del__":
        _pending.append(signum)
        return
    _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def check_signals() -> None:
    """Act on a signal that arrived while a finaliser was running (see ``_on_signal``)."""
    if _pending:
        signum = _pending[0]
        _pending.clear()
        _raise(signum)


TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """For the duration of the block, SIGTERM raises ``Terminated`` and Ctrl-C ``KeyboardInterrupt`` in the
    main thread (whatever the start-up code set for them, see validator.__main__)."""
    _pending.clear()
    handlers = {signum: _on_signal for signum in (signal.SIGINT, *TERMINATING)}
    try:
        previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    except (ValueError, OSError):  # not the main thread, or a platform without these handlers
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# A terminal is never wider than this: COLUMNS=99999999999 in the environment would otherwise have rich
# pad every line to that width (gigabytes of spaces, or MemoryError).
MAX_COLUMNS = 400


def console(**options: Any) -> Console:
    """A rich Console (``options`` as for rich.console.Console) no wider than ``MAX_COLUMNS``."""
    from rich.console import Console

    made = Console(**options)
    if made.width > MAX_COLUMNS:
        made.width = MAX_COLUMNS
    return made
