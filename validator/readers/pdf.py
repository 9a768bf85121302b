"""PDF with a text layer, through pypdfium2 (Google's PDFium; the optional ``formats`` extra).

Measured on the corpus PDF (3 pages of Chinese text from LibreOffice): pypdfium2 gives the
cleanest Chinese text and exact glyph boxes in about 10 ms; pdfminer.six gives the same text from
its layout analysis in about 90 ms (pure Python) and pypdf in about 50 ms with spacing debris
("政府办2023 年"). All three emit the curly quotes of a line out of reading order, so lines
are rebuilt here from glyph positions (``pdf_layout``) rather than taken from any library's
text output. PDFium is a compiled wheel with no further dependencies and is imported only
when a PDF is read.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any

from validator.errors import InputError
from validator.limits import MAX_PDF_CHARS, MAX_PDF_PAGE_CHARS, MAX_PDF_PAGES
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import is_han
from validator.readers.pdf_layout import (
    Glyph,
    Line,
    Page,
    drop_furniture,
    group_columns,
    mark_wraps,
)

EXTRA_HINT = "pip install pypdfium2"


def read_pdf(data: bytes, name: str) -> SourceDocument:
    pdfium, raw = _import(name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's own error code (pypdfium2 5 attaches it to the exception; 4 leaves it for GetLastError)
        code = getattr(exc, "err_code", None)
        if (raw.FPDF_GetLastError() if code is None else code) == raw.FPDF_ERR_PASSWORD:
            raise InputError(f"{name}: PDF 已加密，需要密码才能打开；请另存为未加密的 PDF") from None
        raise InputError(f"{name}: 不是有效的 PDF 文件（文件已损坏，或扩展名不对）") from None
    try:
        if len(document) > MAX_PDF_PAGES:
            raise InputError(f"{name}: PDF 有 {len(document)} 页，超过上限 {MAX_PDF_PAGES} 页，不像是一份报告，不予读取")
        budget = _Budget(name)
        pages = [_read_page(document, index, raw, budget) for index in range(len(document))]
        recognised = _recognise_scans(document, pages, name)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: PDF 页面已损坏，无法读取（{exc}）") from None
    finally:
        document.close()
    return _source(pages, name, recognised)


def _recognise_scans(document: Any, pages: list[Page], name: str) -> list[int]:
    """Read the pages without a text layer by OCR when the ``ocr`` extra is installed (validator.readers.ocr);
    the numbers of the pages that gave text so."""
    from validator.readers import ocr

    blank = [page.number for page in pages if not page.lines]
    if not blank or not ocr.available():
        return []
    for page in ocr.recognise(document, blank, name):
        pages[page.number - 1] = page
    return [number for number in blank if pages[number - 1].lines]


class _Budget:
    """The characters a PDF may hold, counted page by page before the page's glyphs are built: a page
    may draw one shared drawing of tens of thousands of glyphs, and every page the same one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.used = 0

    def take(self, page: int, count: int) -> None:
        if count > MAX_PDF_PAGE_CHARS:
            raise InputError(f"{self.name}: 第{page}页有 {count} 个字符，超过每页上限 {MAX_PDF_PAGE_CHARS}，"
                             f"不像是报告页面，不予读取")
        self.used += count
        if self.used > MAX_PDF_CHARS:
            raise InputError(f"{self.name}: PDF 前 {page} 页已有 {self.used} 个字符，超过全文上限 {MAX_PDF_CHARS}，"
                             f"不像是一份报告，不予读取")


def _import(name: str) -> tuple[Any, Any]:
    try:
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        # a dependency since 0.2: only an installation that left it out (pip install --no-deps) lacks it
        raise InputError(f"{name}: 读取 PDF 需要 pypdfium2（fazhi-lint 的依赖，当前安装不完整）：{EXTRA_HINT}") from None
    return pypdfium2, pypdfium2.raw


def _read_page(document: Any, index: int, raw: Any, budget: _Budget) -> Page:
    page = document[index]
    try:
        _, height = page.get_size()
        textpage = page.get_textpage()
        try:
            handle = textpage.raw
            budget.take(index + 1, raw.FPDFText_CountChars(handle))
            glyphs = _glyphs(handle, raw)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, float(height), group_columns(glyphs, index + 1))


def _glyphs(handle: Any, raw: Any) -> list[Glyph]:
    """The page's glyphs: character, horizontal extent, baseline and em.

    PDFium is asked as little as it can be per glyph, since each call costs microseconds: the text
    comes in one call, and the baseline and font size are asked again only when a glyph's box moves
    off the previous glyph's line or changes height (glyphs of one line in one font share both).
    PDFium's own generated characters (spaces, line breaks) are whitespace and skipped with the rest.
    """
    count = raw.FPDFText_CountChars(handle)
    units = _units(handle, raw, count)
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    box_ref, x_ref, y_ref = ctypes.byref(box), ctypes.byref(x), ctypes.byref(y)
    chars: dict[int, str] = {}  # one string per character, shared by its glyphs
    glyphs: list[Glyph] = []
    line_key = (float("nan"), float("nan"))  # (bottom, height) of the previous glyph's box
    baseline = em = 0.0
    i = 0
    while i < count:
        code, width = units[i], 1
        if 0xD800 <= code < 0xDC00 and i + 1 < count and 0xDC00 <= units[i + 1] < 0xE000:
            code, width = 0x10000 + ((code - 0xD800) << 10) + (units[i + 1] - 0xDC00), 2  # a surrogate pair
        char = chars.get(code)
        if char is None:
            char = chars[code] = _char(code)
        if char and not char.isspace():
            raw.FPDFText_GetLooseCharBox(handle, i, box_ref)
            key = (box.bottom, box.top - box.bottom)
            if key != line_key:
                line_key = key
                raw.FPDFText_GetCharOrigin(handle, i, x_ref, y_ref)
                baseline, em = y.value, _em(raw.FPDFText_GetFontSize(handle, i), box)
            glyphs.append(Glyph(char, box.left, box.right, baseline, em))
        i += width
    return glyphs


def _units(handle: Any, raw: Any, count: int) -> Sequence[int]:
    """The UTF-16 code unit of each character index of the page, in one call where PDFium allows."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if count and raw.FPDFText_GetText(handle, 0, count, buffer) == count + 1:
        return buffer[:count]
    return [raw.FPDFText_GetUnicode(handle, i) for i in range(count)]


def _char(code: int) -> str:
    """The character a ToUnicode map gave; a lone surrogate (half of a pair, which no text can hold and
    no output can encode) is the replacement character, as a decoder makes it."""
    if 0xD800 <= code < 0xE000:
        return "\ufffd"
    return chr(code) if 0 < code < 0x110000 else ""


def _em(font_size: float, box: Any) -> float:
    """The glyph's em. PDFium reports the size set by Tf, which is 1 when a producer scales the text
    matrix instead (Cairo, Skia …); the glyph's loose box, as tall as the font's line, tells then."""
    height = float(box.top - box.bottom)
    return float(font_size) if font_size >= 0.5 * height and font_size > 0 else (height or 10.0)


def _source(pages: list[Page], name: str, recognised: list[int] | None = None) -> SourceDocument:
    if not any(page.lines for page in pages):
        from validator.readers import ocr

        if ocr.available():
            raise InputError(f"{name}: PDF 没有文字层，OCR 也未识别出文字（空白页或图像不清晰？），请提供 Word/文字版 PDF")
        raise InputError(f"{name}: PDF 没有文字层（可能是扫描件），请先进行 OCR 文字识别，或提供 Word/文字版 PDF；"
                         f"安装可选组件 ocr 后可自动识别：{ocr.OCR_HINT}")
    body = drop_furniture(pages)
    text = "".join(line.text for line in body)
    if not any(is_han(c) for c in text):
        raise InputError(f"{name}: PDF 的文字层中没有可识别的汉字（字体缺少编码映射或为扫描件），请先进行 OCR 文字识别")
    mark_wraps(body)
    document = SourceDocument(path=name, format="pdf-ocr" if recognised else "pdf",
                              lines=[_source_line(line) for line in body])
    if recognised:
        document.notes.append(_ocr_note(recognised, len(pages)))
    blank = [str(page.number) for page in pages if not page.lines]
    if blank:
        document.notes.append(f"第{'、'.join(blank)}页没有文字层（扫描页？），其内容未检查")
    return document


def _ocr_note(recognised: list[int], total: int) -> str:
    which = "全部" if len(recognised) == total else f"第{'、'.join(map(str, recognised))}页"
    return f"{which}文字由 OCR 识别（扫描件没有文字层），可能有识别错误；引文和位置按识别出的行"


def _source_line(line: Line) -> SourceLine:
    return SourceLine(line.text, page=line.page, line_number=line.number,
                      ends_paragraph=False if line.wrapped else None)
