"""Writing files atomically: a reader never sees half a report, and a failed write leaves the old file.

Every file fazhi-lint writes goes through here — ``--output``, the summary formats, opinion drafts and
the one change it ever makes to an input, ``--fix``. The content goes to a temporary file in the same
directory, is flushed to disk, and only then replaces the target in one step (``os.replace``). If
anything fails on the way, the temporary file is removed and the target is as it was. Writing
through a symbolic link replaces the file it points to, not the link; an existing file keeps its
permission bits.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from typing import IO, BinaryIO, TextIO, cast

from validator.errors import UsageError

TEMP_PREFIX = ".fazhi-lint-"
TEMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def atomic_writer(path: str, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file to write to, put in place of ``path`` only when the block ends without an error."""
    with _atomic(path, "w", encoding=encoding, newline=newline) as fh:
        yield cast(TextIO, fh)


@contextlib.contextmanager
def atomic_binary_writer(path: str) -> Iterator[BinaryIO]:
    """Like ``atomic_writer``, for bytes."""
    with _atomic(path, "wb") as fh:
        yield cast(BinaryIO, fh)


def write_atomically(path: str, content: str | bytes, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write text (in ``encoding``) or bytes to ``path`` atomically."""
    if isinstance(content, bytes):
        with atomic_binary_writer(path) as binary:
            binary.write(content)
    else:
        with atomic_writer(path, encoding=encoding, newline=newline) as text:
            text.write(content)


@contextlib.contextmanager
def _atomic(path: str, mode: str, encoding: str | None = None, newline: str | None = None) -> Iterator[IO[str] | IO[bytes]]:
    target = os.path.realpath(path)  # through a symlink: replace what it points to, keep the link
    directory = os.path.dirname(target)
    import tempfile  # only when writing: a cached check run never writes, and tempfile costs ~5 ms

    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_directory(directory)


def _mode_for(target: str) -> int:
    """The permission bits of the file being replaced, or what a newly created file gets under the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable where the platform allows (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def refuse_overwriting_inputs(outputs: Iterable[str | None], inputs: Iterable[str]) -> None:
    """A UsageError when an output file is one of the inputs: writing it would replace a report being checked."""
    existing = [out for out in outputs if out is not None and os.path.isfile(out)]
    if not existing:
        return
    for name in inputs:
        for out in existing:
            with contextlib.suppress(OSError):
                if os.path.samefile(out, name):
                    raise UsageError(f"{out}: 输出文件就是输入文件 {name}，会覆盖被检查的报告；请换一个输出文件名")
