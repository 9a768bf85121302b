"""Uploaded files: their names, and the .zip archives offices send reports in, unpacked within the limits.

Nothing an upload is called ever becomes a path: each file is stored as a number and its suffix in the
batch's private directory, and its name is kept only to be shown (escaped) and to choose its reader. A .zip
is unpacked member by member, streaming to disk and counting the bytes that really come out (its headers
may lie), under the limits a .docx package has in the readers (validator.limits): at most
``MAX_ZIP_ENTRIES`` entries, each report at most ``MAX_INPUT_BYTES``, and a large member that unpacks to
more than ``MAX_COMPRESSION_RATIO`` times its packed size is a zip bomb. A member whose name climbs out of
the archive ("../", "/etc/…", "C:\\…") is refused outright, though it could do no harm; a .zip inside the
.zip is not opened. Names written by Chinese Windows (GBK, without the zip's UTF-8 flag) are decoded as such.
"""

from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from validator.serve.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_INPUT_BYTES,
    MAX_NAME_CHARS,
    MAX_ZIP_ENTRIES,
    MB,
    RATIO_CHECK_FROM,
)

ZIP = ".zip"
_CHUNK = 256 * 1024
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
# Archive litter that is never a report and not worth a word: macOS resource forks, Windows thumbnails.
_LITTER = re.compile(r"(^|/)(__MACOSX|\.[^/]*)(/|$)|(^|/)(Thumbs\.db|desktop\.ini)$", re.IGNORECASE)
_UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError, NotImplementedError,
                  RuntimeError, ValueError)


class Refused(Exception):
    """An upload, or a member of one, that is not taken; the message names it and says why."""


@dataclass(frozen=True)
class Stored:
    name: str  # as uploaded ("材料.zip/县司法局.docx" for a member)
    path: Path
    size: int


@dataclass
class Unpacked:
    stored: list[Stored] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # members refused or passed over, one line each
    full: bool = False  # the batch's room ran out before the archive's end


def report_suffixes() -> frozenset[str]:
    from validator.readers import supported_suffixes

    return frozenset(supported_suffixes())


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def upload_name(raw: str) -> str:
    """The name of an uploaded file as it will be shown: its last path component, at most 255 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in (".", ".."):
        raise Refused("上传的文件没有文件名")
    if len(name) > MAX_NAME_CHARS:
        raise Refused(f"{name[:40]}…: 文件名超过 {MAX_NAME_CHARS} 个字符")
    return name


def kind_of(name: str) -> str:
    """"report", "zip", or a Refused for a type fazhi-lint cannot check."""
    suffix = suffix_of(name)
    if suffix == ZIP:
        return "zip"
    if suffix in report_suffixes():
        return "report"
    known = "、".join(sorted(report_suffixes() | {ZIP}))
    raise Refused(f"{name}: 不支持的文件类型“{suffix or '（无扩展名）'}”（支持：{known}）")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it: without the UTF-8 flag, zipfile decodes as CP437, which is
    what DOS wrote; Chinese Windows writes GBK (and some tools UTF-8 without setting the flag)."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        raw = name.encode("cp437")
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def climbs_out(name: str) -> bool:
    """Would this member name lead out of the folder it is unpacked into (absolute, a drive, or "..")?"""
    path = name.replace("\\", "/")
    return path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/")


def unpack_zip(archive: Path, zip_name: str, allocate: Callable[[str], Path], room_files: int,
               room_bytes: int) -> Unpacked:
    """Store each report in the archive (at the path ``allocate`` gives for its suffix) within the room the
    batch has left; raises Refused when the archive itself cannot be opened or has too many entries."""
    try:
        opened = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise Refused(f"{zip_name}: 不是有效的 .zip 压缩包（文件已损坏，或扩展名不对）") from None
    with opened:
        infos = opened.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused(f"{zip_name}: 压缩包内有 {len(infos)} 个文件，超过上限 {MAX_ZIP_ENTRIES}，不予展开")
        out = Unpacked()
        suffixes = report_suffixes()
        for info in infos:
            if info.is_dir():
                continue
            inner = member_name(info)
            shown = f"{zip_name}/{inner}"
            if climbs_out(inner):
                out.notes.append(f"{shown}: 文件名含上级目录或绝对路径，不予展开")
                continue
            if _LITTER.search(inner.replace("\\", "/")):
                continue
            suffix = suffix_of(inner)
            if suffix == ZIP:
                out.notes.append(f"{shown}: 压缩包中的压缩包不展开，请单独上传")
                continue
            if suffix not in suffixes:
                out.notes.append(f"{shown}: 不是可检查的文件类型，已跳过")
                continue
            if len(shown) > MAX_NAME_CHARS:
                out.notes.append(f"{shown[:60]}…: 文件名超过 {MAX_NAME_CHARS} 个字符，已跳过")
                continue
            if room_files <= 0 or room_bytes <= 0:
                out.full = True
                break
            try:
                stored = _unpack_member(opened, info, shown, allocate(suffix), min(room_bytes, MAX_INPUT_BYTES + 1))
            except Refused as exc:
                out.notes.append(str(exc))
                continue
            except _BatchFull:
                out.full = True
                break
            out.stored.append(stored)
            room_files -= 1
            room_bytes -= stored.size
        return out


class _BatchFull(Exception):
    pass


def _unpack_member(opened: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, target: Path, room: int) -> Stored:
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise Refused(f"{shown}: 已加密，需要密码，未展开")
    _check_ratio(shown, info.file_size, info.compress_size)
    if info.file_size > MAX_INPUT_BYTES:
        raise Refused(_too_large(shown, info.file_size))
    if info.file_size >= room:
        raise _BatchFull
    size = 0
    try:
        with opened.open(info) as source, open(target, "xb") as sink:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                _check_ratio(shown, size, info.compress_size)
                if size > MAX_INPUT_BYTES:
                    raise Refused(_too_large(shown, size))
                if size >= room:
                    raise _BatchFull
                sink.write(chunk)
    except (Refused, _BatchFull):
        target.unlink(missing_ok=True)
        raise
    except _UNPACK_ERRORS as exc:
        target.unlink(missing_ok=True)
        raise Refused(f"{shown}: 无法解压（{_unpack_problem(exc)}）") from None
    return Stored(shown, target, size)


def _check_ratio(shown: str, size: int, packed: int) -> None:
    if size > RATIO_CHECK_FROM and size > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise Refused(f"{shown}: 压缩比异常（{_size(packed)} 解压为 {_size(size)} 以上，超过 {MAX_COMPRESSION_RATIO}:1），"
                      "疑似压缩炸弹，不予展开")


def _too_large(shown: str, size: int) -> str:
    return f"{shown}: 文件过大（{_size(size)}，上限 {MAX_INPUT_BYTES // MB} MB），未加入本批"


def _size(size: int) -> str:
    from validator.limits import size_text

    return size_text(size)


def _unpack_problem(exc: Exception) -> str:
    if isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩方式"
    if isinstance(exc, RuntimeError):
        return "已加密，需要密码"
    return "压缩数据已损坏"
