"""Reading inputs and writing outputs without surprises: atomic writes, no device or pipe replaced, no input
overwritten, nothing opened that could block.

Every file fazhi-lint writes goes through here — ``--output``, the summary formats, opinion drafts and
the one change it ever makes to an input, ``--fix``. The content goes to a temporary file in the same
directory, is flushed to disk, and only then replaces the target in one step (``os.replace``). If
anything fails on the way, the temporary file is removed and the target is as it was. Writing
through a symbolic link replaces the file it points to, not the link; an existing file keeps its
permission bits (and its owner and group where the process may set them).

What an output may be:

- a regular file, or a name that does not exist yet: written atomically as above;
- a name for an open descriptor (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``):
  written into that descriptor, as the shell set it up (``>> log`` keeps appending);
- a FIFO with a reader (``-o >(gzip > r.gz)``), the null device or a terminal: written into, never
  replaced; a FIFO nobody reads is refused instead of blocking;
- anything else — a directory, a block device, another character device, a socket — is refused (exit 2);
- a file that is an input of the run (a report, a rule file, the configuration, ``--previous``) is refused,
  whatever name leads to it (symbolic or hard link), except for ``--fix`` rewriting the report it fixes.

Names fazhi-lint chooses itself inside a directory (``--output-dir``, ``--opinions``) are written only
as regular files: an existing symbolic link or special file there is refused, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import IO, BinaryIO, TextIO, cast

from validator.errors import InputError, UsageError
from validator.escape import STREAM_ERRORS, visible

TEMP_PREFIX = ".fazhi-lint-"
TEMP_SUFFIX = ".tmp"

# (st_dev, st_ino) of every input of the current run (see ``protecting``)
_PROTECTED: set[tuple[int, int]] = set()
_DESCRIPTOR_NAME = re.compile(r"^/dev/(?:(?P<std>stdout|stderr)|fd/(?P<fd>\d+))$|^/proc/self/fd/(?P<proc>\d+)$")


# --------------------------------------------------------------------------- inputs


def read_input(path: str, limit: int) -> bytes:
    """An input file's bytes, at most ``limit`` + 1 of them (the caller refuses a larger file); a file
    larger than ``limit`` by its size is refused before it is read.

    Only regular files are read: the type is checked before the file is opened (opening a terminal or
    a tape device has effects of its own) and again on the open descriptor, which is opened non-blocking
    so that a FIFO swapped in between cannot make the run wait for a writer that never comes.
    """
    name = visible(path)
    try:
        info = os.stat(path)
        _require_regular(name, info.st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fd)
            _require_regular(name, info.st_mode)
            if info.st_size > limit:
                from validator.limits import too_large

                raise too_large(name, info.st_size)
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: 文件不存在") from None
    except IsADirectoryError:
        raise InputError(f"{name}: 是目录而不是文件") from None
    except PermissionError:
        raise InputError(f"{name}: 没有读取权限") from None
    except OSError as exc:
        raise InputError(f"{name}: 无法读取（{exc.strerror or exc}）") from None


def _require_regular(name: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: 是目录而不是文件")
    if not stat.S_ISREG(mode):
        raise InputError(f"{name}: 不是普通文件（{_kind(mode)}），不予读取")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISDIR(mode):
        return "目录"
    return "特殊文件"


@contextlib.contextmanager
def protecting(paths: Iterable[str]) -> Iterator[None]:
    """Within the block no output replaces any of ``paths`` (the inputs of the run), by whatever name."""
    _PROTECTED.clear()
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode):
                _PROTECTED.add((info.st_dev, info.st_ino))
    try:
        yield
    finally:
        _PROTECTED.clear()


def is_protected(path: str) -> bool:
    """Is ``path`` (following links) one of the inputs of the run?"""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return (info.st_dev, info.st_ino) in _PROTECTED


def refuse_overwriting_inputs(outputs: Iterable[str | None], inputs: Iterable[str]) -> None:
    """A UsageError when an output file is one of the inputs: writing it would replace a file being read."""
    existing = [out for out in outputs if out is not None and os.path.isfile(out)]
    if not existing:
        return
    for name in inputs:
        for out in existing:
            with contextlib.suppress(OSError, ValueError):
                if os.path.samefile(out, name):
                    raise UsageError(f"{visible(out)}: 输出文件就是输入文件 {visible(name)}，"
                                     "会覆盖本次读取的文件；请换一个输出文件名")


# --------------------------------------------------------------------------- outputs


@contextlib.contextmanager
def atomic_writer(path: str, encoding: str = "utf-8", newline: str | None = None, *,
                  chosen: bool = False) -> Iterator[TextIO]:
    """A text file to write to, put in place of ``path`` only when the block ends without an error.

    ``chosen``: fazhi-lint picked the name itself (inside --output-dir or --opinions), so only a regular
    file is ever written there. Characters the encoding cannot hold (a lone surrogate from a file name that
    was not UTF-8) are written as escapes rather than failing the whole output.
    """
    with _open_output(path, "w", encoding=encoding, newline=newline, chosen=chosen) as fh:
        yield cast(TextIO, fh)


@contextlib.contextmanager
def atomic_binary_writer(path: str, *, chosen: bool = False) -> Iterator[BinaryIO]:
    """Like ``atomic_writer``, for bytes."""
    with _open_output(path, "wb", chosen=chosen) as fh:
        yield cast(BinaryIO, fh)


def write_atomically(path: str, content: str | bytes, encoding: str = "utf-8", newline: str | None = None, *,
                     chosen: bool = False) -> None:
    """Write text (in ``encoding``) or bytes to ``path`` atomically."""
    if isinstance(content, bytes):
        with atomic_binary_writer(path, chosen=chosen) as binary:
            binary.write(content)
    else:
        with atomic_writer(path, encoding=encoding, newline=newline, chosen=chosen) as text:
            text.write(content)


def check_output(path: str, *, chosen: bool = False) -> None:
    """Refuse, before any work is done, an output that could never be written (see the module's docstring).

    Whether a FIFO has a reader and a character device is a terminal or the null device is only known
    when it is opened, at the end of the run.
    """
    _classify(path, chosen)


def _classify(path: str, chosen: bool) -> tuple[str, int]:
    """("descriptor", fd), ("file", 0) for a regular file or a new one, or ("device", 0); else UsageError."""
    name = visible(path)
    match = _DESCRIPTOR_NAME.match(os.path.normpath(path)) if not chosen else None
    if match is not None:
        return "descriptor", 1 if match["std"] == "stdout" else 2 if match["std"] else int(match["fd"] or match["proc"])
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return "file", 0
    except (OSError, ValueError) as exc:
        raise UsageError(f"{name}: 无法写入输出文件（{getattr(exc, 'strerror', None) or exc}）") from None
    if chosen and not stat.S_ISREG(link.st_mode):
        raise UsageError(f"{name}: 已存在且不是普通文件（{'符号链接' if stat.S_ISLNK(link.st_mode) else _kind(link.st_mode)}），"
                         "拒绝写入；请先删除它或换一个目录")
    try:
        info = os.stat(path)
    except FileNotFoundError:  # a dangling symbolic link: create what it points to
        return "file", 0
    except OSError as exc:
        raise UsageError(f"{name}: 无法写入输出文件（{exc.strerror or exc}）") from None
    if stat.S_ISREG(info.st_mode):
        if (info.st_dev, info.st_ino) in _PROTECTED:
            raise UsageError(f"{name}: 输出文件就是本次读取的输入文件，会覆盖它；请换一个输出文件名")
        return "file", 0
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        return "device", 0
    raise UsageError(f"{name}: 是{_kind(info.st_mode)}，不能作为输出文件")


def _open_output(path: str, mode: str, encoding: str | None = None, newline: str | None = None,
                 chosen: bool = False) -> contextlib.AbstractContextManager[IO[str] | IO[bytes]]:
    """Decide what ``path`` is (see the module's docstring) and open it accordingly."""
    kind, fd = _classify(path, chosen)
    if kind == "descriptor":
        return _descriptor_writer(visible(path), fd, mode, encoding, newline)
    if kind == "device":
        return _device_writer(visible(path), path, mode, encoding, newline)
    return _atomic(path, mode, encoding, newline)


@contextlib.contextmanager
def _descriptor_writer(name: str, fd: int, mode: str, encoding: str | None,
                       newline: str | None) -> Iterator[IO[str] | IO[bytes]]:
    """Write into an open descriptor of this process (``-o /dev/stdout``), as the shell arranged it."""
    import sys

    for stream in (sys.stdout, sys.stderr):  # what was printed before must come first
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        copy = os.dup(fd)
    except OSError as exc:
        raise UsageError(f"{name}: 无法写入（{exc.strerror or exc}）") from None
    with _fdopen(copy, mode, encoding, newline) as fh:
        yield fh


@contextlib.contextmanager
def _device_writer(name: str, path: str, mode: str, encoding: str | None,
                   newline: str | None) -> Iterator[IO[str] | IO[bytes]]:
    """Write into a FIFO, the null device or a terminal named by the user; never replace it."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_fifo(path):  # nobody reads it: waiting for a reader could take for ever
            raise UsageError(f"{name}: 是没有读取方的管道，不能写入") from None
        raise UsageError(f"{name}: 无法写入（{exc.strerror or exc}）") from None
    info = os.fstat(fd)
    if not (stat.S_ISFIFO(info.st_mode) or os.isatty(fd) or _is_null_device(info)):
        os.close(fd)
        raise UsageError(f"{name}: 是设备文件，只能写入管道、终端或 {os.devnull}，拒绝写入")
    with contextlib.suppress(OSError, AttributeError):
        os.set_blocking(fd, True)  # now that it is open, a full pipe may make us wait for its reader
    with _fdopen(fd, mode, encoding, newline) as fh:
        yield fh


def _is_fifo(path: str) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def _is_null_device(info: os.stat_result) -> bool:
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == null.st_rdev


@contextlib.contextmanager
def _fdopen(fd: int, mode: str, encoding: str | None, newline: str | None) -> Iterator[IO[str] | IO[bytes]]:
    """A file object over ``fd`` (which it closes) that discards what is written after its reader went away."""
    import io

    from validator.streams import PipeSafeRaw

    buffered = io.BufferedWriter(PipeSafeRaw(fd, own=True, label="输出"))
    fh: IO[str] | IO[bytes] = buffered if "b" in mode else \
        io.TextIOWrapper(buffered, encoding=encoding, errors=STREAM_ERRORS, newline=newline)
    with fh:
        yield fh


@contextlib.contextmanager
def _atomic(path: str, mode: str, encoding: str | None = None, newline: str | None = None,
            keep: os.stat_result | None = None) -> Iterator[IO[str] | IO[bytes]]:
    target = os.path.realpath(path)  # through a symlink: replace what it points to, keep the link
    directory = os.path.dirname(target)
    import tempfile  # only when writing: a cached check run never writes, and tempfile costs ~5 ms

    if keep is None:
        with contextlib.suppress(OSError):
            keep = os.stat(target)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        if "b" in mode:
            fh: IO[str] | IO[bytes] = os.fdopen(fd, mode)
        else:
            fh = os.fdopen(fd, mode, encoding=encoding, errors=STREAM_ERRORS, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _copy_ownership(tmp, keep, strict=False)
        os.chmod(tmp, _mode_for(keep))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_directory(directory)


def _copy_ownership(tmp: str, keep: os.stat_result | None, strict: bool) -> None:
    """Give the new file the owner and group of the one it replaces (before chmod: chown clears set-id bits)."""
    if keep is None or not hasattr(os, "chown"):
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (keep.st_uid, keep.st_gid):
        return
    try:
        os.chown(tmp, keep.st_uid, keep.st_gid)
    except OSError:
        if strict:
            raise


def _mode_for(keep: os.stat_result | None) -> int:
    """The permission bits of the file being replaced, or what a newly created file gets under the umask."""
    if keep is not None:
        return keep.st_mode & 0o7777
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


# --------------------------------------------------------------------------- --fix


class ReplaceRefused(OSError):
    """An input that --fix must not replace atomically (a hard link, an owner it cannot keep)."""


def replace_input(path: str, content: str, encoding: str, newline: str | None = "") -> None:
    """``--fix``: replace a report's content atomically, keeping its owner, group and permission bits.

    A file with more than one hard link is refused: replacing it would leave the other names with the old
    text, and rewriting it in place would not be atomic. So is a read-only file. So is a file whose owner or group this process
    cannot give the new file (a fix by another user must not change who owns the report).
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ReplaceRefused(errno.EINVAL, f"不是普通文件（{_kind(info.st_mode)}）")
    if info.st_nlink > 1:
        raise ReplaceRefused(errno.EMLINK, f"文件有 {info.st_nlink} 个硬链接，替换会使其他链接仍是旧内容")
    # the file is replaced through its directory, which would get round a read-only file: honour the file's
    # own mode (read-only for everyone: root too) and whether this process may write it
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise ReplaceRefused(errno.EACCES, "文件是只读的，未修改（确需修改请先取消只读）")
    with _atomic_keeping(path, encoding, newline, info) as fh:
        fh.write(content)


@contextlib.contextmanager
def _atomic_keeping(path: str, encoding: str, newline: str | None, info: os.stat_result) -> Iterator[IO[str]]:
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            _copy_ownership(tmp, info, strict=True)
        except OSError:
            raise ReplaceRefused(errno.EPERM, "无法保持文件原有的所有者和属组") from None
        os.chmod(tmp, info.st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_directory(directory)
