"""Readers turn a file's bytes into a SourceDocument.

An explicit registry maps a file suffix to the reader that handles it. Readers are named by
module path and imported only when a file of that type is read, so a one-file run of plain
text never pays for the heavy libraries behind other formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from validator import registry
from validator.errors import InputError
from validator.limits import MAX_INPUT_BYTES, check_extracted, too_large
from validator.model import SourceDocument

Reader = Callable[[bytes, str], SourceDocument]

# suffix -> "module:function"
READERS: dict[str, str] = {
    ".txt": "validator.readers.text:read_plain_text",
    ".text": "validator.readers.text:read_plain_text",
    ".md": "validator.readers.text:read_markdown",
    ".markdown": "validator.readers.text:read_markdown",
    ".docx": "validator.readers.docx:read_docx",
    ".docm": "validator.readers.docx:read_docx",
    ".pdf": "validator.readers.isolated:read_pdf",  # PDFium in a child process with limits
    ".ofd": "validator.readers.ofd:read_ofd",
    ".html": "validator.readers.html:read_html",
    ".htm": "validator.readers.html:read_html",
    ".shtml": "validator.readers.html:read_html",
    ".xhtml": "validator.readers.html:read_html",
    # formats LibreOffice converts to .docx (or read when they are a docx/web page in disguise)
    ".doc": "validator.readers.legacy:read_legacy",
    ".wps": "validator.readers.legacy:read_legacy",
    ".wpt": "validator.readers.legacy:read_legacy",
    ".dot": "validator.readers.legacy:read_legacy",
    ".odt": "validator.readers.legacy:read_legacy",
    ".rtf": "validator.readers.legacy:read_legacy",
}

__all__ = ["MAX_INPUT_BYTES", "READERS", "Reader", "read_bytes", "read_path", "read_stream", "reader_for",
           "supported_suffixes"]


# Plain text the fix mode may rewrite; every other format is reported, never edited.
FIXABLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def can_fix(path: str) -> bool:
    return Path(path).suffix.lower() in FIXABLE_SUFFIXES


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def reader_for(name: str) -> Reader:
    suffix = Path(name).suffix.lower()
    target = READERS.get(suffix)
    if target is None:
        known = "、".join(supported_suffixes())
        raise InputError(f"{name}: 不支持的文件类型“{suffix or '（无扩展名）'}”（支持：{known}）")
    reader: Reader = registry.load(target)
    return reader


def read_bytes(data: bytes, name: str) -> SourceDocument:
    """Read a report held in memory; ``name`` decides the reader and names it in messages."""
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(name, len(data))
    return _checked(reader_for(name)(data, name))


def read_stream(stream: BinaryIO, name: str) -> SourceDocument:
    """Read a report from a stream (standard input): never more than the size limit plus one byte."""
    reader = reader_for(name)
    try:
        data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{name}: 无法读取标准输入（{exc.strerror or exc}）") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: 输入过大（超过上限 {MAX_INPUT_BYTES // 1024 // 1024} MB），未读完即停止")
    return _checked(reader(data, name))


def read_path(path: str) -> SourceDocument:
    """Read a report from disk, turning every OS-level failure into a one-line InputError.

    A regular file only, never blocking on a FIFO or a device, refused past the size limit before it is
    read, and read no further than one byte past it (validator.fileio.read_input).
    """
    from validator.fileio import read_input

    reader = reader_for(path)  # an unsupported type is said before the file is opened
    data = read_input(path, MAX_INPUT_BYTES)
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(path, len(data))
    return _checked(reader(data, path))


def _checked(document: SourceDocument) -> SourceDocument:
    """Every reader's output is held to the extraction limits (validator.limits)."""
    check_extracted(document.path, len(document.lines), sum(len(line.text) for line in document.lines))
    return document
