"""Hostile inputs built in code (never stored): zip bombs, XXE, corrupt zips, huge and deep texts.

Shared by the robustness tests and ``python -m tests.robustness.measure``, which times the same
inputs through the command line.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from tests.readers.docxgen import W, make_docx, para

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# --------------------------------------------------------------------------- .docx


def small_docx(text: str = "一、主要举措和成效") -> bytes:
    return make_docx(para(text) + para("全年制定规范性文件3件，均经合法性审查。"))


def _package(document: bytes, extra: dict[str, bytes] | None = None,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx whose word/document.xml is ``document`` (bytes as given, not parsed)."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for info in source.infolist():
            z.writestr(info.filename, document if info.filename == "word/document.xml" else source.read(info))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(unpacked_mb: int = 400) -> bytes:
    """word/document.xml of ``unpacked_mb`` MB of spaces inside a valid body, streamed through the
    compressor in 1 MB chunks (never held in memory): about 1000:1."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, source.read(info))
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return out.getvalue()


def _set_sizes(data: bytes, part: str, size: int) -> bytes:
    """Rewrite the uncompressed size of ``part`` in its local and central headers (the CRC stays)."""
    raw = bytearray(data)
    name = part.encode()
    at = raw.find(b"PK\x03\x04")  # the first local header
    while at != -1:
        name_length, = struct.unpack_from("<H", raw, at + 26)
        if raw[at + 30:at + 30 + name_length] == name:
            struct.pack_into("<I", raw, at + 22, size)
        at = raw.find(b"PK\x03\x04", at + 4)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_length, = struct.unpack_from("<H", raw, at + 28)
        if raw[at + 46:at + 46 + name_length] == name:
            struct.pack_into("<I", raw, at + 24, size)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def size_lie_docx(declared: int) -> bytes:
    """A valid .docx whose headers declare word/document.xml to unpack to ``declared`` bytes."""
    return _set_sizes(small_docx(), "word/document.xml", declared)


XXE_DOCUMENT = (
    f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
).encode()

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
).encode()


def xxe_docx() -> bytes:
    return _package(XXE_DOCUMENT)


def billion_laughs_docx() -> bytes:
    return _package(BILLION_LAUGHS)


def utf16_xxe_docx() -> bytes:
    """The same external entity, in UTF-16 with a BOM: the check must see the decoded text."""
    return _package(b"\xff\xfe" + XXE_DOCUMENT.decode().replace('<?xml version="1.0"?>', "").encode("utf-16-le"))


def deep_docx(levels: int = 10_000) -> bytes:
    """Paragraphs inside ``levels`` nested content controls (custom XML)."""
    body = "<w:customXml>" * levels + para("正文内容。") + "</w:customXml>" * levels
    return _package(f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode())


def many_elements_docx(count: int = 1_100_000) -> bytes:
    return _package(f'<w:document xmlns:w="{W}"><w:body>{"<w:p/>" * count}</w:body></w:document>'.encode())


def many_entries_docx(count: int = 6000) -> bytes:
    return _package(small_docx_document(), {f"word/media/image{i}.png": b"" for i in range(count)})


def small_docx_document() -> bytes:
    return zipfile.ZipFile(io.BytesIO(small_docx())).read("word/document.xml")


def traversal_docx() -> bytes:
    """Relationships and entry names that point out of the package ("../../etc/passwd", absolute,
    backslashes). The main document relationship points at a part stored under such a name."""
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="../../../../etc/passwd"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", rels)
        z.writestr("../../../../etc/passwd", small_docx_document())
        z.writestr("/absolute/evil.xml", "<x/>")
        z.writestr("..\\..\\windows\\evil.xml", "<x/>")
    return out.getvalue()


def traversal_missing_docx() -> bytes:
    """A relationship to a part outside the package that the package does not hold."""
    return _set_rels_target(small_docx(), "../../../../etc/passwd")


def _set_rels_target(data: bytes, target: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "_rels/.rels":
                content = content.replace(b"word/document.xml", target.encode())
            z.writestr(info.filename, content)
    return out.getvalue()


def truncated_docx() -> bytes:
    data = small_docx()
    return data[: len(data) // 2]


def corrupt_deflate_docx() -> bytes:
    """The compressed bytes of word/document.xml overwritten: zlib fails or the CRC does not match."""
    data = bytearray(_package(small_docx_document() * 1))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + info.compress_size):
        data[i] = 0xFF
    return bytes(data)


def _patch_entry(data: bytes, part: str, *, flags: int | None = None, method: int | None = None) -> bytes:
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    local, central = info.header_offset, raw.find(b"PK\x01\x02")
    while central != -1:
        name_length, = struct.unpack_from("<H", raw, central + 28)
        if raw[central + 46:central + 46 + name_length] == part.encode():
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    for header, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        if flags is not None:
            struct.pack_into("<H", raw, header + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", raw, header + method_at, method)
    return bytes(raw)


def encrypted_docx() -> bytes:
    """word/document.xml flagged as encrypted (general purpose bit 0)."""
    return _patch_entry(small_docx(), "word/document.xml", flags=1)


def unknown_method_docx() -> bytes:
    """word/document.xml stored with a compression method no library implements."""
    return _patch_entry(small_docx(), "word/document.xml", method=99)


def lzma_garbage_docx() -> bytes:
    """word/document.xml claimed to be LZMA-compressed while holding deflate data."""
    return _patch_entry(small_docx(), "word/document.xml", method=zipfile.ZIP_LZMA)


HOSTILE_DOCX = {
    "zip-bomb": lambda: zip_bomb_docx(400),
    "size-lie-small": lambda: size_lie_docx(10),
    "size-lie-huge": lambda: size_lie_docx(3_000_000_000),
    "xxe": xxe_docx,
    "xxe-utf16": utf16_xxe_docx,
    "billion-laughs": billion_laughs_docx,
    "deep-xml": deep_docx,
    "many-elements": many_elements_docx,
    "many-entries": many_entries_docx,
    "traversal-missing": traversal_missing_docx,
    "truncated": truncated_docx,
    "corrupt-deflate": corrupt_deflate_docx,
    "encrypted": encrypted_docx,
    "unknown-method": unknown_method_docx,
    "lzma-garbage": lzma_garbage_docx,
}

# --------------------------------------------------------------------------- text


def report_text() -> str:
    return (EXAMPLES / "compliant.txt").read_text(encoding="utf-8") + "\n" + \
        (EXAMPLES / "deficient.txt").read_text(encoding="utf-8") + "\n"


def repeated_reports(size: int) -> bytes:
    """The two example reports over and over, up to about ``size`` bytes of UTF-8."""
    one = report_text().encode()
    return one * max(1, size // len(one))


def numbered_headings(groups: int = 100, items: int = 99) -> bytes:
    """A report with ``groups`` numbered headings "（N）" under one section, each holding ``items``
    headings "M." with a sentence each: 100 × (1 + 99) = 10,000 headings by default."""
    from validator.numerals import int_to_cn

    lines = ["关于2024年度法治政府建设情况的报告", "", "一、主要举措和成效", ""]
    for n in range(1, groups + 1):
        lines += [f"（{int_to_cn(n)}）第{n}方面工作", ""]
        for m in range(1, items + 1):
            lines += [f"{m}. 第{n}方面第{m}项", f"全年推进第{n}方面第{m}项工作，办理案件{m}件。", ""]
    return "\n".join(lines).encode()


def markdown_headings(count: int) -> bytes:
    return "".join(f"{'#' * (n % 6 + 1)} 标题{n}\n" for n in range(count)).encode()


def nested_quotes(levels: int) -> bytes:
    return ("# 关于2024年度法治政府建设情况的报告\n\n" + ">" * levels + " 全年办理行政复议案件40件。\n").encode()


def nested_list(levels: int) -> bytes:
    return ("# 关于2024年度法治政府建设情况的报告\n\n"
            + "".join(f"{'  ' * n}- 第{n}层：推进依法行政。\n" for n in range(levels))).encode()


def one_paragraph(size: int) -> bytes:
    """A single paragraph of ``size`` bytes: one clause after another, never a full stop."""
    clause = "全年办理复议案件20件纠错率150%征求意见15日2019年，".encode()
    return clause * max(1, size // len(clause))
