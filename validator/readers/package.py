"""Reading parts of a zip-based office package (.docx) safely, with the standard library only.

Two basics, so a hostile file costs little and says what is wrong in one line: a part may not
unpack to more than ``MAX_PART_BYTES``, and no XML part may carry a DOCTYPE. Office XML never
has one, and without a DOCTYPE there are no entity declarations, so neither entity expansion
("billion laughs") nor external entities (XXE) can happen when the part is parsed.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from validator.errors import InputError

MAX_PART_BYTES = 64 * 1024 * 1024

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class Package:
    """An opened zip package; every failure is an InputError naming the file."""

    def __init__(self, data: bytes, name: str, kind: str = "Word（.docx）文件") -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise InputError(f"{name}: 不是有效的{kind}（文件已损坏，或扩展名不对）") from None

    def has(self, part: str) -> bool:
        return part in self.zip.NameToInfo

    def read(self, part: str) -> bytes:
        try:
            info = self.zip.getinfo(part)
            if info.file_size > MAX_PART_BYTES:
                raise InputError(f"{self.name}: 文件内部的 {part} 过大，不予读取")
            with self.zip.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except KeyError:
            raise InputError(f"{self.name}: 文件内部缺少 {part}（文件已损坏？）") from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(f"{self.name}: 无法解压文件内部的 {part}（{exc}）") from None
        if len(data) > MAX_PART_BYTES:
            raise InputError(f"{self.name}: 文件内部的 {part} 过大，不予读取")
        return data

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


def parse_xml(data: bytes, where: str) -> ElementTree.Element:
    """Parse one XML part, refusing any DOCTYPE (see the module docstring)."""
    text = _decode_xml(data, where)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise InputError(f"{where}: 含有 DOCTYPE/实体声明，出于安全原因不予读取")
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2:]  # the declaration's encoding no longer applies to a str
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise InputError(f"{where}: XML 格式错误（{exc}）") from None


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
