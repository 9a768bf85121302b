"""OFD (GB/T 33190-2016), China's fixed-layout format for electronic documents, with the standard library.

An OFD file is a zip of XML, read as the standard lays it out: ``OFD.xml`` names each document's
root (``DocBody/DocRoot``), the document (``Document.xml``) lists its pages (``Pages/Page`` with a
``BaseLoc``) and the default page size (``CommonData/PageArea/PhysicalBox``), and each page's
``Content.xml`` holds layers of graphic units. Text is in ``TextObject`` units: a ``Boundary``
("x y w h", millimetres from the page's top left), a font ``Size``, an optional transformation
(``CTM``), and ``TextCode`` runs whose ``X``/``Y`` place the first glyph's origin inside the
boundary and whose ``DeltaX`` gives the advance to each next glyph ("g 3 3.5" stands for three
advances of 3.5).

Every glyph is placed on the page and the lines are rebuilt with the same geometry as a PDF's
(``pdf_layout``: lines from baselines, columns, page furniture, wrapped lines). Page templates
(``Template``, the running decoration of a page), annotations and signatures are not read. The
zip is opened with the same limits as a .docx (``package``); pages and characters per page with
the PDF limits.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from validator.errors import InputError
from validator.limits import MAX_PDF_PAGE_CHARS, MAX_PDF_PAGES
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import is_han
from validator.readers.package import Package
from validator.readers.pdf_layout import Glyph, Line, Page, drop_furniture, group_columns, mark_wraps

_MM = 72 / 25.4  # OFD measures in millimetres; the layout rules are tuned in PDF points
_A4 = (210.0, 297.0)
_KIND = "OFD 文件"
_FAR = 100_000.0  # millimetres: a glyph further out than 100 m (or an absurd size) is damage, not text


def read_ofd(data: bytes, name: str) -> SourceDocument:
    package = Package(data, name, kind=_KIND)
    document_part = _document_root(package, name)
    document = package.xml(document_part)
    default_box = _box(_find(document, "CommonData", "PageArea", "PhysicalBox")) or (0.0, 0.0, *_A4)
    page_parts = list(_page_parts(document, document_part))
    if not page_parts:
        raise InputError(f"{name}: OFD 文件中没有页面")
    if len(page_parts) > MAX_PDF_PAGES:
        raise InputError(f"{name}: OFD 有 {len(page_parts)} 页，超过上限 {MAX_PDF_PAGES} 页，不像是一份报告，不予读取")
    pages = []
    for number, part in enumerate(page_parts, 1):
        if not package.has(part):
            raise InputError(f"{name}: 文件内部缺少第{number}页（{part}），文件已损坏？")
        content = package.xml(part)
        box = _box(_find(content, "Area", "PhysicalBox")) or default_box
        glyphs = _glyphs(content, box, f"{name}: 第{number}页")
        pages.append(Page(number, box[3] * _MM, group_columns(glyphs, number)))
    return _source(pages, name)


def _local(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def _find(element: Element, *path: str) -> Element | None:
    """The first descendant along ``path`` by local names (producers differ in namespace prefixes)."""
    current: Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c) == name), None)
    return current


def _resolve(base_part: str, location: str) -> str:
    """A part named in ``base_part``: absolute from the package root, or relative to its folder."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), location))


def _document_root(package: Package, name: str) -> str:
    if not package.has("OFD.xml"):
        raise InputError(f"{name}: 不是有效的 OFD 文件（缺少 OFD.xml；文件已损坏，或扩展名不对）")
    root = package.xml("OFD.xml")
    doc_root = _find(root, "DocBody", "DocRoot")
    if doc_root is None or not (doc_root.text or "").strip():
        raise InputError(f"{name}: 不是有效的 OFD 文件（OFD.xml 中没有 DocRoot）")
    part = _resolve("OFD.xml", doc_root.text or "")
    if not package.has(part):
        raise InputError(f"{name}: 文件内部缺少 {part}（文件已损坏？）")
    return part


def _page_parts(document: Element, document_part: str) -> Iterator[str]:
    pages = _find(document, "Pages")
    for page in pages if pages is not None else ():
        location = page.get("BaseLoc")
        if _local(page) == "Page" and location:
            yield _resolve(document_part, location)


def _numbers(text: str | None) -> list[float]:
    values = []
    for item in (text or "").split():
        try:
            value = float(item)
        except ValueError:
            continue
        if math.isfinite(value):
            values.append(value)
    return values


def _box(element: Element | None) -> tuple[float, float, float, float] | None:
    values = _numbers(element.text if element is not None else None)
    if len(values) != 4 or values[2] <= 0 or values[3] <= 0:
        return None
    return values[0], values[1], values[2], values[3]


def _deltas(text: str | None) -> list[float]:
    """A DeltaX/DeltaY list with its "g N v" repeats expanded (at most one per glyph of a page)."""
    items = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(items) and len(out) <= MAX_PDF_PAGE_CHARS:
        if items[i] == "g" and i + 2 < len(items):
            count, value = _numbers(items[i + 1]), _numbers(items[i + 2])
            if count and value:
                out.extend([value[0]] * max(0, min(int(count[0]), MAX_PDF_PAGE_CHARS - len(out) + 1)))
            i += 3
            continue
        out.extend(_numbers(items[i]))
        i += 1
    return out


def _text_objects(content: Element) -> Iterator[Element]:
    """Every TextObject of a page's content, through layers, page blocks and composite units."""
    stack = [iter(content)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        name = _local(element)
        if name == "TextObject":
            yield element
        elif name in ("Content", "Layer", "PageBlock"):
            stack.append(iter(element))


def _glyphs(content: Element, box: tuple[float, float, float, float], where: str) -> list[Glyph]:
    """The page's glyphs in PDF terms: points, baselines measured up from the page's bottom."""
    top = box[1]
    height = box[3]
    glyphs: list[Glyph] = []
    for obj in _text_objects(content):
        glyphs.extend(_object_glyphs(obj, top, height))
        if len(glyphs) > MAX_PDF_PAGE_CHARS:
            raise InputError(f"{where}的字符超过每页上限 {MAX_PDF_PAGE_CHARS}，不像是报告页面，不予读取")
    return glyphs


def _object_glyphs(obj: Element, top: float, height: float) -> Iterator[Glyph]:
    boundary = _numbers(obj.get("Boundary"))
    if len(boundary) != 4:
        return
    size = (_numbers(obj.get("Size")) or [3.5])[0]
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale_x = math.hypot(a, b) or 1.0
    scale_y = math.hypot(c, d) or 1.0
    em = size * scale_y
    x = y = 0.0
    for code in obj:
        if _local(code) != "TextCode":
            continue
        text = code.text or ""
        given_x, given_y = _numbers(code.get("X")), _numbers(code.get("Y"))
        x = given_x[0] if given_x else x
        y = given_y[0] if given_y else y
        deltas = _deltas(code.get("DeltaX"))
        for i, char in enumerate(text):
            advance = deltas[i] if i < len(deltas) else size * (0.5 if ord(char) < 0x80 else 1.0)
            page_x = boundary[0] + a * x + c * y + e
            page_y = boundary[1] + b * x + d * y + f
            if not char.isspace() and abs(page_x) < _FAR and abs(page_y) < _FAR and 0 < em < _FAR:
                width = min(advance * scale_x, em * (0.5 if ord(char) < 0x80 else 1.0)) if advance > 0 else em
                yield Glyph(char, page_x * _MM, (page_x + width) * _MM, (top + height - page_y) * _MM, em * _MM)
            x += advance


def _source(pages: list[Page], name: str) -> SourceDocument:
    if not any(page.lines for page in pages):
        raise InputError(f"{name}: OFD 文件中没有文字（可能是扫描件），请提供带文字的 OFD、Word 或文字版 PDF")
    body = drop_furniture(pages)
    if not any(is_han(c) for line in body for c in line.text):
        raise InputError(f"{name}: OFD 文件中没有可识别的汉字，请提供带文字的版本")
    mark_wraps(body)
    return SourceDocument(path=name, format="ofd", lines=[_source_line(line) for line in body])


def _source_line(line: Line) -> SourceLine:
    return SourceLine(line.text, page=line.page, line_number=line.number,
                      ends_paragraph=False if line.wrapped else None)
