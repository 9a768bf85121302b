"""Word documents fazhi-lint writes: the 审查意见 letter laid out as a 公文 (GB/T 9704-2012), the
reviewer's notes and the summary, built with python-docx (imported here only, when one is written).

The letter follows GB/T 9704-2012 as ``layout.*`` checks it: A4, 天头 37 mm, 订口 28 mm, 版心 156×225 mm;
标题 二号小标宋, centred; 主送机关 flush left; 正文 三号仿宋 with a two-character first-line indent at a fixed
28.9-point line pitch (22 lines a page); 一级标题 黑体, 二级标题 楷体 (the lead sentence of a paragraph);
署名 and 成文日期 right-aligned, 右空四字; page numbers "— 1 —" in 四号宋体, odd pages right, even pages left.
The fonts are named as Chinese offices have them (仿宋_GB2312, 方正小标宋简体 …); where one is missing,
Word and LibreOffice substitute a font of the same family.

Everything written comes through ``text``: control characters, lone surrogates and what XML cannot
hold are shown as visible escapes, as in every other output.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from validator.escape import visible

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
LINE_PT = 28.9  # 225 mm / 22 lines
# characters XML 1.0 cannot hold (U+FFFE, U+FFFF …) after ``visible`` has escaped the controls
_NOT_XML = regex.compile(r"[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def text(value: object) -> str:
    """Text from outside (a report, a file name, the command line) made safe and visible in a Word file."""
    shown: str = _NOT_XML.sub("\ufffd", visible(str(value)))
    return shown


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right


GONGWEN_PAGE = Page(210, 297, (37, 35, 28, 26))
LANDSCAPE_PAGE = Page(297, 210, (15, 15, 15, 15))


class WordDocument:
    """A python-docx document with the few kinds of paragraph and table our outputs need."""

    def __init__(self, page: Page = GONGWEN_PAGE, body_pt: float = BODY_PT, line_pt: float | None = LINE_PT,
                 page_numbers: bool = True) -> None:
        from docx import Document
        from docx.shared import Mm, Pt

        self.document: Any = Document()
        self.body_pt = body_pt
        section = self.document.sections[0]
        if page.width_mm > page.height_mm:
            from docx.enum.section import WD_ORIENT

            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        top, bottom, left, right = page.margins_mm
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.gutter = Mm(0)
        normal = self.document.styles["Normal"]
        _fonts(normal.element, FANGSONG)
        normal.font.size = Pt(body_pt)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        if line_pt is not None:
            normal.paragraph_format.line_spacing = Pt(line_pt)
        if page_numbers:
            self.document.settings.odd_and_even_pages_header_footer = True
            _page_number(section.footer.paragraphs[0], "right")
            _page_number(section.even_page_footer.paragraphs[0], "left")

    # ------------------------------------------------------------------ paragraphs

    def title(self, value: str, size: float = TITLE_PT) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, value, XIAOBIAOSONG, size)

    def blank(self) -> None:
        self.document.add_paragraph()

    def flush(self, value: str, font: str | None = None, bold: bool = False, size: float | None = None) -> Any:
        """A paragraph without indent: 主送机关, a note's heading line."""
        p = self.document.add_paragraph()
        self._run(p, value, font, size, bold)
        return p

    def heading(self, value: str) -> None:
        """一级标题: 黑体, indented like body text."""
        p = self._indented()
        self._run(p, value, HEITI)

    def body(self, value: str, lead: str = "") -> None:
        """A body paragraph; ``lead`` is its 二级标题 sentence in 楷体 ("（一）公开征求意见期限。")."""
        p = self._indented()
        if lead:
            self._run(p, lead, KAITI)
        self._run(p, value)

    def signature(self, lines: Sequence[str]) -> None:
        """署名 and 成文日期: right-aligned, 右空四字 (four characters from the right edge)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for line in lines:
            p = self.document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(4 * self.body_pt)
            self._run(p, line)

    def bullet(self, value: str) -> None:
        """A list item in a note: a hanging "·"."""
        from docx.shared import Pt

        p = self.document.add_paragraph()
        p.paragraph_format.left_indent = Pt(self.body_pt)
        p.paragraph_format.first_line_indent = Pt(-self.body_pt)
        self._run(p, f"· {value}")

    def _indented(self) -> Any:
        from docx.shared import Pt

        p = self.document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(2 * self.body_pt)
        return p

    def _run(self, paragraph: Any, value: str, font: str | None = None, size: float | None = None,
             bold: bool = False) -> Any:
        from docx.shared import Pt

        run = paragraph.add_run(text(value))
        if font is not None:
            _fonts(run._r, font)
        if size is not None:
            run.font.size = Pt(size)
        if bold:
            run.bold = True
        return run

    # ------------------------------------------------------------------ tables

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
              fills: Sequence[Sequence[str | None]] | None = None, size: float = 10.5) -> None:
        """A table whose header row repeats on every page and whose rows never split across pages;
        ``fills`` gives a background colour (hex) per cell, or None."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        table = self.document.add_table(rows=1, cols=len(head))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _repeat_header(table.rows[0])
        for cell, name in zip(table.rows[0].cells, head):
            self._cell(cell, name, size, bold=True)
            _shade(cell, "DDEBF7")
        for r, values in enumerate(rows):
            cells = table.add_row().cells
            _keep_together(table.rows[-1])
            for c, (cell, value) in enumerate(zip(cells, values)):
                self._cell(cell, value, size)
                fill = fills[r][c] if fills is not None else None
                if fill:
                    _shade(cell, fill)
        # Word reads the cells' widths, LibreOffice the grid's: both are set, and the layout fixed
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm):
                cell.width = Mm(width)
        _fixed_layout(table)

    def _cell(self, cell: Any, value: str, size: float, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.line_spacing = 1.0
        self._run(paragraph, value, HEITI if bold else None, size)

    # ------------------------------------------------------------------ output

    def properties(self, title: str, author: str, comments: str = "") -> None:
        core = self.document.core_properties
        core.title, core.author, core.comments = text(title), text(author), text(comments)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _fonts(element: Any, font: str) -> None:
    """The font of a style or run, for Chinese (eastAsia) and for Latin letters and digits alike."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), font)


def _page_number(paragraph: Any, alignment: str) -> None:
    """"— N —" in 四号宋体 as a PAGE field; single pages right, 右空一字, even pages left, 左空一字."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if alignment == "right" else WD_ALIGN_PARAGRAPH.LEFT
    if alignment == "right":
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)

    def run(value: str = "") -> Any:
        r = paragraph.add_run(value)
        _fonts(r._r, SONGTI)
        r.font.size = Pt(PAGE_NUMBER_PT)
        return r

    run("— ")
    for kind in ("begin", "instr", "separate", "text", "end"):
        r = run("1" if kind == "text" else "")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            r._r.append(instr)
        elif kind != "text":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
    run(" —")


def _fixed_layout(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _keep_together(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
