"""Building .docx reports laid out as GB/T 9704-2012 公文, or with one deviation, with python-docx.

``build(Layout())`` is a report laid out correctly: A4, 天头 37 mm, 订口 28 mm, 版心 156×225 mm, title in
方正小标宋简体 二号, body in 仿宋_GB2312 三号 set through the Normal style (so the body's font is inherited,
not direct), 一级标题 黑体 and 二级标题 楷体 (三号) as direct run formatting, fixed line spacing 28.9 pt, page
numbers "— 1 —" in 四号宋体 on odd (right) and even (left) footers, and the signing date right-aligned.
Each field of ``Layout`` changes one of these.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

PAGE_FIELD = "{PAGE}"


@dataclass(frozen=True)
class Layout:
    page: tuple[float, float] = (210, 297)  # width, height in mm
    margins: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right in mm
    title_font: str = "方正小标宋简体"
    title_size: float = 22
    body_font: str = "仿宋_GB2312"
    body_size: float = 16
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    heading_size: float = 16
    line_spacing: float | None = 28.9  # exact, in points; None: Word's single spacing
    page_number: str | None = "— {PAGE} —"  # None: no page number
    page_number_font: str = "宋体"
    page_number_size: float = 14
    odd_even: bool = True
    date_alignment: str = "right"


TITLE = "关于2024年度法治政府建设情况的报告"
BODY = [
    ("heading1", "一、主要举措和成效"),
    ("heading2", "（一）健全依法决策机制。", "全年提请政府常务会议审议重大行政决策事项5件，均经合法性审查。"),
    ("body", "严格落实重大行政决策程序，公开征求意见期限均不少于30日，全年组织集体学法12次。"),
    ("heading2", "（二）严格规范公正文明执法。", "开展行政执法案卷评查2次，评查案卷120卷。"),
    ("heading1", "二、存在的不足和原因"),
    ("body", "一是学法形式较为单一，主要原因是对新形势下普法工作研究不够。"),
    ("heading1", "三、2025年主要工作安排"),
    ("body", "继续加强学法用法，推进严格规范公正文明执法。"),
]


def _east_asia(element: Any, font: str) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)


def _run(paragraph: Any, text: str, font: str | None = None, size: float | None = None) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    if font is not None:
        _east_asia(run._r, font)
    if size is not None:
        run.font.size = Pt(size)
    return run


def _page_number(paragraph: Any, layout: Layout, alignment: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    assert layout.page_number is not None
    before, _, after = layout.page_number.partition(PAGE_FIELD)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if alignment == "right" else WD_ALIGN_PARAGRAPH.LEFT
    if before:
        _run(paragraph, before, layout.page_number_font, layout.page_number_size)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = _run(paragraph, "", layout.page_number_font, layout.page_number_size)
        r = run._r
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
    if after:
        _run(paragraph, after, layout.page_number_font, layout.page_number_size)


def build(layout: Layout = Layout()) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(layout.page[0]), Mm(layout.page[1])
    top, bottom, left, right = layout.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.gutter = Mm(0)

    normal = document.styles["Normal"]
    _east_asia(normal.element, layout.body_font)
    normal.font.size = Pt(layout.body_size)
    if layout.line_spacing is not None:
        normal.paragraph_format.line_spacing = Pt(layout.line_spacing)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, TITLE, layout.title_font, layout.title_size)
    document.add_paragraph("市委全面依法治市委员会办公室：")
    for kind, *texts in BODY:
        p = document.add_paragraph()
        if kind == "heading1":
            _run(p, texts[0], layout.heading1_font, layout.heading_size)
        elif kind == "heading2":
            _run(p, texts[0], layout.heading2_font, layout.heading_size)
            _run(p, texts[1])
        else:
            _run(p, texts[0])
    document.add_paragraph("某某市司法局").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = document.add_paragraph("2025年1月20日")
    date.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                      "left": WD_ALIGN_PARAGRAPH.LEFT}[layout.date_alignment]

    if layout.page_number is not None:
        document.settings.odd_and_even_pages_header_footer = layout.odd_even
        _page_number(section.footer.paragraphs[0], layout, "right")
        if layout.odd_even:
            _page_number(section.even_page_footer.paragraphs[0], layout, "left")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
