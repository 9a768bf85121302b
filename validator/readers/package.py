"""Reading parts of a zip-based office package (.docx) safely, with the standard library only.

A .docx comes from anyone, so a hostile one must cost little and say what is wrong in one line
(the limits are in ``validator.limits``):

- the zip may list at most ``MAX_ZIP_ENTRIES`` entries;
- a part is unpacked in chunks, counting the bytes that really come out — a zip header can lie
  about the size — and refused past ``MAX_PART_BYTES``, or past ``MAX_UNPACKED_BYTES`` for all
  parts together, or when a large part unpacks to more than ``MAX_COMPRESSION_RATIO`` times its
  packed size (a zip bomb; Word's XML packs 5–30:1);
- no XML part may carry a DOCTYPE. Office XML never has one, and without a DOCTYPE there are no
  entity declarations, so neither entity expansion ("billion laughs") nor external entities
  (XXE) can happen when the part is parsed;
- XML is parsed incrementally and refused when nested deeper than ``MAX_XML_DEPTH`` or holding
  more than ``MAX_XML_ELEMENTS`` elements, before the tree can grow past them.

Parts are only ever read from the zip by name, never extracted: a name like "../../etc/passwd"
inside the zip is just a name.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, cast
from xml.etree import ElementTree

from validator.errors import InputError
from validator.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_PART_BYTES,
    MAX_UNPACKED_BYTES,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    MAX_ZIP_ENTRIES,
    MB,
    RATIO_CHECK_FROM,
    size_text,
)

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1024 * 1024

# What unpacking a damaged or unusual zip entry raises: a bad CRC or header (BadZipFile), corrupt
# deflate data (zlib.error), a truncated stream (EOFError), corrupt LZMA/BZIP2 data (LZMAError,
# OSError), an unsupported method (NotImplementedError), an encrypted entry (RuntimeError).
_UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError, NotImplementedError,
                  RuntimeError, ValueError)


def _unpack_problem(exc: Exception) -> str:
    if isinstance(exc, NotImplementedError):  # before RuntimeError, its base class
        return "使用了不支持的压缩方式"
    if isinstance(exc, RuntimeError):
        return "已加密，需要密码"
    if isinstance(exc, zipfile.BadZipFile):
        return f"文件已损坏：{exc}"
    return f"压缩数据已损坏（{exc}）" if str(exc) else "压缩数据已损坏"


class Package:
    """An opened zip package; every failure is an InputError naming the file."""

    def __init__(self, data: bytes, name: str, kind: str = "Word（.docx）文件") -> None:
        self.name = name
        self.unpacked = 0  # bytes unpacked from all parts so far
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise InputError(f"{name}: 不是有效的{kind}（文件已损坏，或扩展名不对）") from None
        if len(self.zip.infolist()) > MAX_ZIP_ENTRIES:
            raise InputError(f"{name}: 压缩包内有 {len(self.zip.infolist())} 个文件，超过上限 {MAX_ZIP_ENTRIES}，"
                             f"不像是{kind}，不予读取")

    def has(self, part: str) -> bool:
        return part in self.zip.NameToInfo

    def read(self, part: str) -> bytes:
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            raise InputError(f"{self.name}: 文件内部缺少 {part}（文件已损坏？）") from None
        self._refuse_declared(part, info)
        try:
            data = self._unpack(part, info)
        except _UNPACK_ERRORS as exc:
            raise InputError(f"{self.name}: 无法解压文件内部的 {part}（{_unpack_problem(exc)}）") from None
        return data

    def _refuse_declared(self, part: str, info: zipfile.ZipInfo) -> None:
        """Refuse on the header alone what is sure to be too large (it is checked again while unpacking)."""
        if info.file_size > MAX_PART_BYTES:
            raise self._too_large(part, info.file_size)
        self._check_ratio(part, info.file_size, info.compress_size)

    def _unpack(self, part: str, info: zipfile.ZipInfo) -> bytes:
        """The part's bytes, counting what really comes out: a header may under-declare the size."""
        chunks: list[bytes] = []
        size = 0
        with self.zip.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                self.unpacked += len(chunk)
                if size > MAX_PART_BYTES:
                    raise self._too_large(part, size)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise InputError(f"{self.name}: 文件内部各部分解压后超过 {MAX_UNPACKED_BYTES // MB} MB，不予读取")
                self._check_ratio(part, size, info.compress_size)
                chunks.append(chunk)
        return b"".join(chunks)

    def _check_ratio(self, part: str, size: int, packed: int) -> None:
        if size > RATIO_CHECK_FROM and size > MAX_COMPRESSION_RATIO * max(packed, 1):
            raise InputError(f"{self.name}: 文件内部的 {part} 压缩比异常（{size_text(packed)} 解压为 {size_text(size)} 以上，"
                             f"超过 {MAX_COMPRESSION_RATIO}:1），疑似压缩炸弹，不予读取")

    def _too_large(self, part: str, size: int) -> InputError:
        return InputError(f"{self.name}: 文件内部的 {part} 解压后过大（{size_text(size)}，上限 {MAX_PART_BYTES // MB} MB），"
                          f"不予读取")

    def xml(self, part: str) -> ElementTree.Element:
        return parse_xml(self.read(part), f"{self.name}: {part}")

    def related(self, source: str, rel_type: str) -> str | None:
        """The part that ``source`` links to with a relationship of ``rel_type`` (its last path segment)."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return None
        for rel in self.xml(rels).iter(f"{_RELS_NS}Relationship"):
            if rel.get("Type", "").rsplit("/", 1)[-1] == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                return posixpath.normpath(path)
        return None


class MalformedXml(InputError):
    """A part that is not well-formed XML (as opposed to one refused for safety): a reader may do
    without a part it can spare, such as a .docx's styles or numbering."""


def parse_xml(data: bytes, where: str) -> ElementTree.Element:
    """Parse one XML part, refusing any DOCTYPE and anything nested too deep or too large (see above)."""
    text = _decode_xml(data, where)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise InputError(f"{where}: 含有 DOCTYPE/实体声明，出于安全原因不予读取")
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2:]  # the declaration's encoding no longer applies to a str
    try:
        return _parse_bounded(text, where)
    except ElementTree.ParseError as exc:
        raise MalformedXml(f"{where}: XML 格式错误（{exc}）") from None


def _parse_bounded(text: str, where: str) -> ElementTree.Element:
    """Parse incrementally, counting elements and depth as they arrive."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("start", "end"))
    root: ElementTree.Element | None = None
    depth = elements = 0
    for offset in range(0, len(text), _CHUNK):
        parser.feed(text[offset:offset + _CHUNK])
        for event, element in cast("Iterator[tuple[str, Any]]", parser.read_events()):
            if event == "end":
                depth -= 1
                continue
            if root is None:
                root = element
            depth += 1
            elements += 1
            if depth > MAX_XML_DEPTH:
                raise InputError(f"{where}: XML 嵌套超过 {MAX_XML_DEPTH} 层，不像是 Office 文档，不予读取")
            if elements > MAX_XML_ELEMENTS:
                raise InputError(f"{where}: XML 元素超过 {MAX_XML_ELEMENTS} 个，不予读取")
    parser.close()  # raises ParseError for an unfinished document
    if root is None:
        raise ElementTree.ParseError("no element found")
    return root


def _decode_xml(data: bytes, where: str) -> str:
    # Office packages store XML as UTF-8 or UTF-16 (ECMA-376 Part 2); the BOM tells which
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            data, encoding = data[len(bom):], codec
            break
    else:
        # without a BOM the first character ("<") still shows UTF-16 by its NUL byte
        encoding = "utf-16-le" if data[:2] == b"<\x00" else "utf-16-be" if data[:2] == b"\x00<" else "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{where}: 不是 UTF-8/UTF-16 编码的 XML（文件已损坏？）") from None
