"""Readers that run a native library on untrusted bytes, run in a child process with limits.

PDFium (and RapidOCR behind it) is compiled code working on the file's own instructions: a small PDF
whose page draws one shared drawing a thousand times makes PDFium build the page — gigabytes and
minutes — before any of our limits can count a character. The only bound that holds whatever the file
asks is the operating system's: on Linux the reader runs in a child process whose memory
(``RLIMIT_DATA``) and processor time (``RLIMIT_CPU``) are capped with ``prlimit``, under a wall-clock
limit too, and whose result comes back as plain JSON (nothing the parent loads can run code).
Elsewhere, or with ``FAZHI_LINT_NO_ISOLATION=1``, the reader runs in this process as before.

Measured: the child costs about 0.15 s to start (Python, this package's reader and pypdfium2); a text
PDF then reads in the same 10–50 ms as in process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from validator import registry
from validator.errors import InputError
from validator.model import SourceDocument, SourceLine

# What one reader child may use: address space it writes (heap and anonymous maps), processor seconds,
# and wall-clock seconds (OCR reads a page in 10–15 processor seconds on a 2-core machine).
MEMORY_BYTES = 2 * 1024 ** 3
CPU_SECONDS = 600
WALL_SECONDS = 900

PDF = "validator.readers.pdf:read_pdf"


def read_pdf(data: bytes, name: str) -> SourceDocument:
    """The PDF reader (validator.readers.pdf) in a child process with memory and time limits."""
    return read_isolated(PDF, data, name)


def isolation_available() -> bool:
    if os.environ.get("FAZHI_LINT_NO_ISOLATION"):
        return False
    if os.environ.get(_CHILD):
        return False  # already the child
    import resource

    return sys.platform.startswith("linux") and hasattr(resource, "prlimit")


def read_isolated(target: str, data: bytes, name: str) -> SourceDocument:
    if not isolation_available():
        return _reader(target)(data, name)
    try:
        child = subprocess.Popen([sys.executable, "-m", "validator.readers.isolated", target, name],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 env={**os.environ, _CHILD: "1"}, start_new_session=False)
    except OSError:
        return _reader(target)(data, name)  # no process to spare: read here, as without isolation
    _limit(child.pid)
    try:
        out, _ = child.communicate(data, timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise InputError(f"{name}: 读取超过 {WALL_SECONDS} 秒仍未完成（文件结构异常复杂），不予读取") from None
    except BaseException:  # an interrupt or a signal: the child must not outlive the run
        child.kill()
        child.wait()
        raise
    if child.returncode != 0 or not out:
        raise InputError(_died(name, child.returncode))
    return _from_json(json.loads(out.decode("utf-8")), name)


def _limit(pid: int) -> None:
    """Cap the child's memory and processor time (it waits on its input until the parent writes)."""
    import resource

    try:
        resource.prlimit(pid, resource.RLIMIT_DATA, (MEMORY_BYTES, MEMORY_BYTES))
        resource.prlimit(pid, resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    except (OSError, ValueError):
        pass  # the child has already ended, or the system refuses: its own errors will say


def _died(name: str, code: int | None) -> str:
    import signal

    if code is not None and code < 0 and -code in (signal.SIGXCPU, signal.SIGKILL):
        return f"{name}: 读取耗时超过上限（{CPU_SECONDS} 秒处理器时间），文件结构异常复杂，不予读取"
    if code == _MEMORY_EXIT or (code is not None and code < 0 and -code in (signal.SIGABRT, signal.SIGSEGV)):
        # compiled code that cannot allocate under the limit aborts rather than raising MemoryError
        return (f"{name}: 读取所需内存超过上限（{MEMORY_BYTES / 1024 ** 3:g} GB）或文件已损坏，"
                f"文件结构异常复杂，不予读取")
    if code == _INTERNAL_EXIT:
        raise RuntimeError(f"{name}: 读取进程内部错误")
    return f"{name}: 读取时出错（读取进程异常结束，退出码 {code}），文件可能已损坏"


def _reader(target: str) -> Callable[[bytes, str], SourceDocument]:
    reader: Callable[[bytes, str], SourceDocument] = registry.load(target)
    return reader


# --------------------------------------------------------------------------- the document as plain JSON


def _to_json(document: SourceDocument) -> dict[str, Any]:
    return {
        "path": document.path, "format": document.format, "encoding": document.encoding,
        "published": document.published.isoformat() if document.published else None,
        "notes": list(document.notes), "lines": [list(line) for line in document.lines],
    }


def _from_json(data: dict[str, Any], name: str) -> SourceDocument:
    if "error" in data:
        raise InputError(str(data["error"]))
    published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    lines = [SourceLine(*line) for line in data["lines"]]
    return SourceDocument(path=name, format=str(data["format"]), lines=lines, encoding=data.get("encoding"),
                          published=published, notes=[str(n) for n in data.get("notes", [])])


# --------------------------------------------------------------------------- the child

_CHILD = "FAZHI_LINT_READER_CHILD"
_MEMORY_EXIT = 3
_INTERNAL_EXIT = 4


def _child(target: str, name: str) -> int:
    data = sys.stdin.buffer.read()
    try:
        result: dict[str, Any] = _to_json(_reader(target)(data, name))
    except InputError as exc:
        result = {"error": str(exc)}
    except MemoryError:
        return _MEMORY_EXIT
    except Exception:  # noqa: BLE001 - the parent reports it as an internal error, without a traceback here
        return _INTERNAL_EXIT
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=True).encode("ascii"))
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a child by read_isolated
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt ends
    sys.exit(_child(sys.argv[1], sys.argv[2]))
