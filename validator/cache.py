"""A small on-disk cache for what is built from files: compiled rule sets and parsed configuration.

Loading a rule set means the YAML parser, the JSON Schema validator and compiling every
pattern, which costs several times more than checking one report; a pre-commit hook runs
the same unchanged rules again and again. The cache key is the content fingerprint of every
input file (path, size, modification time) plus the package's own code, so an edited rule
file, a new fazhi-lint version or a changed checkout is always a miss. Anything wrong with
the cache (unreadable, corrupt, stale class layout, no permission) is also just a miss.

Location: ``$FAZHI_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fazhi-lint``, else
``~/.cache/fazhi-lint``. ``FAZHI_LINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from validator import __version__

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
_FORMAT = 1  # bump when the layout of cached values changes in a way mtimes cannot see


def cache_dir() -> Path | None:
    if os.environ.get("FAZHI_LINT_NO_CACHE"):
        return None
    explicit = os.environ.get("FAZHI_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi-lint"


def _stat_line(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def _package_fingerprint() -> Iterable[str]:
    """The code and data files that shape cached values (a source checkout may change under us)."""
    for folder in (PACKAGE, PACKAGE / "checks", PACKAGE / "schemas"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".json", ".yaml")):
                st = entry.stat()
                yield f"{entry.name}:{st.st_size}:{st.st_mtime_ns}"


def key_for(kind: str, paths: Iterable[Path]) -> str:
    """Everything the cached value depends on, as one string (stored with the value and compared)."""
    parts = (kind, __version__, str(_FORMAT), sys.version, *_package_fingerprint(), *map(_stat_line, paths))
    return "\0".join(parts)


def _file_name(kind: str, key: str) -> str:
    # zlib's checksums need no OpenSSL import; a collision is harmless, the stored key is compared
    data = key.encode("utf-8", "surrogateescape")
    return f"{kind}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"


def cached(kind: str, paths: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s value, from the cache when none of ``paths`` (nor the package) changed since."""
    directory = cache_dir()
    paths = list(paths)
    if directory is None:
        return build()
    key = key_for(kind, paths)
    target = directory / _file_name(kind, key)
    try:
        with open(target, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - any failure to use the cache only means building afresh
        pass
    value = build()
    _store(target, (key, value))
    return value


_KEEP_PER_KIND = 16  # entries for rule sets and configurations no longer in use are dropped


def _store(target: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        _prune(target)
    except Exception:  # noqa: BLE001 - e.g. a read-only home directory in CI
        with contextlib.suppress(OSError):
            tmp.unlink()


def _prune(target: Path) -> None:
    kind = target.name.rsplit("-", 1)[0]
    entries = sorted(target.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP_PER_KIND:]:
        with contextlib.suppress(OSError):
            old.unlink()
