""".docx text Word keeps outside the plain paragraph flow: content controls around table rows and cells,
text boxes, markup-compatibility alternatives — each read once, in reading order."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES
from tests.readers.docxgen import make_docx, para, run
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import readers
from validator.ruleset import RuleSet

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def texts(body: str) -> list[str]:
    return [line.text for line in readers.read_bytes(make_docx(body), "r.docx").lines]


def sdt(content: str) -> str:
    return f"<w:sdt><w:sdtPr><w:alias w:val='填写项'/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def cell(text: str) -> str:
    return f"<w:tc>{para(text)}</w:tc>"


def alternate(choice: str, fallback: str) -> str:
    return (f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps">{choice}</mc:Choice>'
            f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>")


def drawing_box(paragraphs: str) -> str:
    """A DrawingML text box (Word 2010 and later) holding ``paragraphs``."""
    return (f'<w:drawing><wp:anchor xmlns:wp="{WP}"><a:graphic xmlns:a="{A}"><a:graphicData>'
            f'<wps:wsp xmlns:wps="{WPS}"><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp>'
            f"</a:graphicData></a:graphic></wp:anchor></w:drawing>")


def vml_box(paragraphs: str) -> str:
    """The same text box as VML, what older Word versions read."""
    return f'<w:pict><v:shape xmlns:v="{V}"><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict>'


def test_content_controls_around_rows_and_cells_are_read_in_order() -> None:
    rows = ("<w:tbl>"
            f"<w:tr>{cell('事项')}{sdt(cell('期限'))}</w:tr>"
            + sdt(f"<w:tr>{cell('供水管网改造')}{cell('30日')}</w:tr>")
            + f"<w:customXml w:element='row'><w:tr>{sdt(sdt(cell('布局调整')))}{cell('35日')}</w:tr></w:customXml>"
            + "</w:tbl>")
    source = readers.read_bytes(make_docx(para("前") + rows + para("后")), "r.docx")
    assert [line.text for line in source.lines] == ["前", "事项", "期限", "供水管网改造", "30日", "布局调整", "35日", "后"]
    assert [line.ends_paragraph for line in source.lines] == [None, *[True] * 6, None]


def test_a_text_box_is_read_once_after_its_paragraph() -> None:
    box = para("文本框里的第一段") + para("文本框里的第二段")
    anchor = f"<w:p>{run('正文开头，')}<w:r>{alternate(drawing_box(box), vml_box(box))}</w:r>{run('正文继续。')}</w:p>"
    source = readers.read_bytes(make_docx(anchor + para("下一段。")), "r.docx")
    assert [line.text for line in source.lines] == ["正文开头，正文继续。", "文本框里的第一段", "文本框里的第二段", "下一段。"]
    assert [line.paragraph for line in source.lines] == [1, 2, 3, 4]
    assert [line.ends_paragraph for line in source.lines] == [None, True, True, None]


def test_a_vml_text_box_alone_and_a_text_box_in_a_text_box() -> None:
    inner = para("里层")
    outer = f"<w:p>{run('外层')}<w:r>{vml_box(inner)}</w:r></w:p>"
    anchor = f"<w:p>{run('正文')}<w:r>{drawing_box(outer)}</w:r></w:p>"
    assert texts(anchor) == ["正文", "外层", "里层"]


def test_a_deleted_text_box_is_gone() -> None:
    anchor = f"<w:p>{run('正文')}<w:del w:id='1' w:author='a'><w:r>{vml_box(para('已删除'))}</w:r></w:del></w:p>"
    assert texts(anchor) == ["正文"]


def test_alternate_content_around_paragraphs_and_runs_is_read_once() -> None:
    body = (alternate(para("选用的段落"), para("备用的段落"))
            + f"<w:p>{run('甲')}{alternate(run('乙'), run('丙'))}{run('丁')}</w:p>"
            + f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Fallback>{para("只有备用")}</mc:Fallback></mc:AlternateContent>')
    assert texts(body) == ["选用的段落", "甲乙丁", "只有备用"]


def body_with_containers(text: str) -> str:
    """The report with its paragraphs spread over content controls, table rows and text boxes."""
    paragraphs = [line for line in text.split("\n") if line.strip()]
    out = []
    for i, line in enumerate(paragraphs):
        if i % 4 == 1:
            out.append(sdt(para(line)))
        elif i % 4 == 2:
            out.append("<w:tbl>" + sdt(f"<w:tr>{sdt(cell(line))}</w:tr>") + "</w:tbl>")
        elif i % 4 == 3:
            out.append(f"<w:p><w:r>{alternate(drawing_box(para(line)), vml_box(para(line)))}</w:r></w:p>")
        else:
            out.append(alternate(para(line), para(line)))
    return "".join(out)


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
def test_report_in_containers_gives_the_verdicts_of_the_plain_text(ruleset: RuleSet, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    word = check_data(make_docx(body_with_containers(text)), "r.docx", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert word.document is not None
    assert [p.text for p in word.document.paragraphs] == [line for line in text.split("\n") if line.strip()]
    assert verdicts(word) == verdicts(plain)
    assert finding_codes(word) == finding_codes(plain)

