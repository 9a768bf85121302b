"""The 审查意见 letter as a Word 公文 (GB/T 9704-2012 layout, validator.gongwen) and the reviewer's note."""

from __future__ import annotations

from validator.gongwen import BODY_PT, WordDocument
from validator.summary.opinion import Letter, Note


def letter_docx(letter: Letter) -> bytes:
    """标题, 空一行, 主送机关, 正文 (一级标题 黑体, each rule's paragraph led by its 楷体 二级标题), 空一行,
    署名 and 成文日期 right-aligned."""
    doc = WordDocument()
    doc.title(letter.title)
    doc.blank()
    doc.flush(letter.addressee)
    for p in letter.paragraphs:
        if p.kind == "heading":
            doc.heading(p.text)
        else:
            doc.body(p.text, p.lead)
    doc.blank()
    doc.blank()
    doc.signature(letter.signature)
    doc.properties(letter.title, letter.signature[0], "审查意见草稿：发出前请审查人逐条核对")
    return doc.save()


def note_docx(note: Note) -> bytes:
    """The reviewer's note: a plain working document (A4, 四号仿宋), not a 公文."""
    doc = WordDocument(body_pt=14, line_pt=None, page_numbers=False)
    doc.title(note.title, size=BODY_PT + 2)
    for heading, items in note.sections:
        doc.blank()
        doc.flush(heading, bold=True)
        for item in items:
            doc.bullet(item)
    doc.properties(note.title, "fazhi-lint")
    return doc.save()
