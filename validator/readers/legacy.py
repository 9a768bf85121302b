"""Legacy and other office formats (.doc, .wps, .odt, .rtf): say how to convert them.

The binary Word/WPS formats need a full office suite to read faithfully, so they are not read;
the error says how to convert them. Two disguises are common and read as what they are: a
.docx saved with a .doc name, and Word's "web page" files (.doc holding HTML).
"""

from __future__ import annotations

from pathlib import Path

from validator.errors import InputError
from validator.model import SourceDocument

CONVERT_HINT = "libreoffice --headless --convert-to docx"

_NAMES = {
    ".doc": "旧版 Word（.doc）",
    ".dot": "旧版 Word 模板（.dot）",
    ".wps": "WPS 文字（.wps）",
    ".wpt": "WPS 模板（.wpt）",
    ".odt": "OpenDocument（.odt）",
    ".rtf": "RTF",
}


def read_legacy(data: bytes, name: str) -> SourceDocument:
    head = data[:1024].lstrip().lower()
    if data.startswith(b"PK\x03\x04") and b"word/" in data:
        from validator.readers.docx import read_docx

        return read_docx(data, name)
    if head.startswith((b"<html", b"<!doctype html", b"<?xml")) and b"<html" in data[:4096].lower():
        from validator.readers.html import read_html

        return read_html(data, name)
    suffix = Path(name).suffix.lower()
    kind = _NAMES.get(suffix, suffix)
    raise InputError(
        f"{name}: 不能直接读取{kind}文件，请先另存为 .docx（在 Word/WPS 中“另存为”，或运行：{CONVERT_HINT} \"{name}\"）"
    )
