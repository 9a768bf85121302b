"""A small on-disk cache for what is built from files: compiled rule sets and parsed configuration.

Loading a rule set means the YAML parser, the JSON Schema validator and compiling every
pattern, which costs several times more than checking one report; a pre-commit hook runs
the same unchanged rules again and again.

The key is everything the value depends on: the SHA-256 of every input file's content (so a
rule file replaced by another of the same size and modification time is a miss), the package's
own code files (path, size, modification and change time, inode), the fazhi-lint and Python
versions. The full key is stored in the entry and compared, on the first line, before anything
else in the entry is looked at.

Entries are JSON of plain values — strings, numbers, lists — plus tagged records of fazhi-lint's own
types (named tuples defined in ``validator`` modules, lazy patterns by their source). Reading an entry
never runs code, whoever wrote it: unlike pickle, nothing in the data names a function to call.
An entry is only read when it is a regular file owned by this user and not writable by others, and
it is opened non-blocking, so a FIFO or a link planted in the cache directory is a miss, not a hang.
Anything wrong with the cache (unreadable, corrupt, stale, no permission) is also just a miss.

Location: ``$FAZHI_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fazhi-lint``, else
``~/.cache/fazhi-lint``. ``FAZHI_LINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any, TypeVar

from validator import __version__, registry

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
_FORMAT = 2  # bump when the layout of entries changes
_MAGIC = f"fazhi-lint-cache {_FORMAT}"
_SUFFIX = ".json"
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a larger entry is not read (the shipped rule set's is ~60 KB)


def cache_dir() -> Path | None:
    if os.environ.get("FAZHI_LINT_NO_CACHE"):
        return None
    explicit = os.environ.get("FAZHI_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi-lint"


# --------------------------------------------------------------------------- the key


def _sha256() -> Any:
    """A SHA-256 hasher without importing hashlib, whose OpenSSL import costs ~20 ms of every start."""
    for module in ("_sha2", "_sha256"):  # CPython's built-in implementation (3.12+, then earlier)
        with contextlib.suppress(ImportError, AttributeError):
            return importlib.import_module(module).sha256()
    import hashlib

    return hashlib.sha256()


def _content_line(path: Path) -> str:
    """``path`` by what it holds: its resolved name and the SHA-256 of its content."""
    try:
        resolved = path.resolve()
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return f"{path}:not-a-file"
            digest = _sha256()
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except (OSError, ValueError):
        return f"{path}:missing"
    return f"{resolved}:{digest.hexdigest()}"


def _package_fingerprint() -> Iterable[str]:
    """The code and data files that shape cached values (a source checkout may change under us).

    Hashing ~500 KB of code would cost every run ~10 ms, so these are keyed by their metadata; the change
    time and inode are included because no ordinary tool can set them: a file rewritten or replaced with
    its old size and modification time still changes its change time.
    """
    for folder in (PACKAGE, PACKAGE / "checks", PACKAGE / "schemas"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".json", ".yaml")):
                with contextlib.suppress(OSError):
                    st = entry.stat()
                    yield f"{entry.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def key_for(kind: str, paths: Iterable[Path]) -> str:
    """Everything the cached value depends on, as one string (stored with the value and compared)."""
    parts = (kind, __version__, str(_FORMAT), sys.version, *_package_fingerprint(), *map(_content_line, paths))
    return "\0".join(parts)


def _file_name(kind: str, key: str) -> str:
    digest = _sha256()
    digest.update(key.encode("utf-8", "surrogateescape"))
    return f"{kind}-{digest.hexdigest()[:24]}{_SUFFIX}"


# --------------------------------------------------------------------------- plain values


class _Unencodable(TypeError):
    """A value the cache cannot write as plain data (it is then simply not cached)."""


def encode(value: Any) -> Any:
    """``value`` as JSON-ready plain data; containers and fazhi-lint's records are tagged with their type."""
    from validator.lazyre import LazyPattern

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float, bool):
        return value
    if isinstance(value, int):  # an IntFlag such as regex.RegexFlag: its value is all that matters
        return int(value)
    if isinstance(value, tuple) and hasattr(type(value), "_fields"):
        cls = type(value)
        if not cls.__module__.startswith("validator."):
            raise _Unencodable(cls)
        return {"N": f"{cls.__module__}:{cls.__qualname__}", "v": [encode(v) for v in value]}
    if isinstance(value, LazyPattern):
        return {"P": value.source, "f": int(value.flags)}
    if isinstance(value, list):
        return {"L": [encode(v) for v in value]}
    if isinstance(value, tuple):
        return {"T": [encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"F": [encode(v) for v in value]}
    if isinstance(value, (dict, MappingProxyType)):
        return {"D" if isinstance(value, dict) else "M": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, PurePath):
        return {"Path": str(value)}
    raise _Unencodable(type(value))


_DECODERS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "L": lambda data, obj: [decode(v) for v in data],
    "T": lambda data, obj: tuple(decode(v) for v in data),
    "F": lambda data, obj: frozenset(decode(v) for v in data),
    "D": lambda data, obj: {decode(k): decode(v) for k, v in data},
    "M": lambda data, obj: MappingProxyType({decode(k): decode(v) for k, v in data}),
    "Path": lambda data, obj: Path(data),
}


def decode(data: Any) -> Any:
    """The value ``encode`` wrote. Only fazhi-lint's own record types are made, from their fields."""
    if not isinstance(data, dict):
        if isinstance(data, list):
            raise ValueError("untagged list")
        return data
    if "N" in data:
        return _record(data["N"], [decode(v) for v in data["v"]])
    if "P" in data:
        from validator.lazyre import LazyPattern

        source, flags = data["P"], data["f"]
        if not isinstance(source, str) or not isinstance(flags, int):
            raise ValueError("bad pattern")
        return LazyPattern(source, flags)
    (tag, value), = data.items()
    return _DECODERS[tag](value, data)


def _record(name: str, fields: list[Any]) -> Any:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("validator.") or "." in qualname:
        raise ValueError(f"not a fazhi-lint record: {name}")
    cls = registry.load(name)
    if not (isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")):
        raise ValueError(f"not a record type: {name}")
    if len(fields) != len(cls._fields):
        raise ValueError(f"{name}: fields changed")
    return cls(*fields)


# --------------------------------------------------------------------------- reading and writing


def cached(kind: str, paths: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s value, from the cache when none of ``paths`` (nor the package) changed since."""
    directory = cache_dir()
    paths = list(paths)
    if directory is None:
        return build()
    key = key_for(kind, paths)
    target = directory / _file_name(kind, key)
    found = _load(target, key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    with contextlib.suppress(_Unencodable, ValueError, RecursionError):
        _store(target, key, encode(value))
    return value


def _load(target: Path, key: str) -> tuple[Any] | None:
    """(value,) from an entry whose stored key is ``key``; None for any kind of miss."""
    try:
        data = _read_entry(target)
        if data is None:
            return None
        magic, stored_key, body = data.split(b"\n", 2)
        if magic.decode("ascii") != _MAGIC or json.loads(stored_key) != key:
            return None  # verified before the value is even parsed
        return (decode(json.loads(body)),)
    except Exception:  # noqa: BLE001 - any failure to use the cache only means building afresh
        return None


def _read_entry(target: Path) -> bytes | None:
    """An entry's bytes, if it is a regular file of ours that no one else may write."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
            return None
        return fh.read(MAX_ENTRY_BYTES + 1)


_KEEP_PER_KIND = 16  # entries for rule sets and configurations no longer in use are dropped


def _store(target: Path, key: str, value: Any) -> None:
    """Write atomically (a new, exclusively created file); a cache that cannot be written is simply not used."""
    import tempfile

    text = "\n".join((_MAGIC, json.dumps(key), json.dumps(value, separators=(",", ":")))) + "\n"
    tmp = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text)
        os.replace(tmp, target)
        tmp = None
        _prune(target)
    except Exception:  # noqa: BLE001 - e.g. a read-only home directory in CI
        pass
    finally:  # also when interrupted: no temporary file is left behind
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(target: Path) -> None:
    kind = target.name.rsplit("-", 1)[0]
    entries = []
    for path in target.parent.glob(f"{kind}-*{_SUFFIX}"):
        with contextlib.suppress(OSError):
            entries.append((path.lstat().st_mtime, path))
    entries.sort(reverse=True)
    stale = [old for _, old in entries[_KEEP_PER_KIND:]]
    stale += target.parent.glob(f"{kind}-*.pickle")  # entries of fazhi-lint 0.1 (format 1), never read again
    for old in stale:
        with contextlib.suppress(OSError):
            old.unlink()
