"""Word .docx: paragraphs and tables in order, tracked changes, automatic numbering, heading styles."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import EXAMPLES
from tests.readers.docxgen import (
    CHINESE_HEADINGS,
    HEADING_STYLES,
    W,
    make_docx,
    para,
    run,
    table,
)
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import readers
from validator.errors import InputError
from validator.pipeline import analyse
from validator.readers.docx_numbering import format_number
from validator.ruleset import Overrides, RuleSet, apply_overrides


def texts(data: bytes) -> list[str]:
    return [line.text for line in readers.read_bytes(data, "r.docx").lines]


def test_paragraphs_and_table_cells_in_reading_order() -> None:
    body = para("青山县人民政府") + table([["事项", "征求意见期限"], ["供水管网改造", "30日"]]) + para("以上。")
    source = readers.read_bytes(make_docx(body), "r.docx")
    assert [line.text for line in source.lines] == ["青山县人民政府", "事项", "征求意见期限", "供水管网改造", "30日", "以上。"]
    assert [line.paragraph for line in source.lines] == [1, 2, 3, 4, 5, 6]
    cells = source.lines[1:5]
    assert all(line.ends_paragraph for line in cells) and source.lines[0].ends_paragraph is None


def test_cells_are_never_run_together_by_the_sentence_joiner(ruleset: RuleSet) -> None:
    body = table([["一是加强学习，提升能力，持续推进法治建设各项工作落实", "二是加强宣传，营造氛围，推动全民守法各项工作落实"]])
    document = analyse(readers.read_bytes(make_docx(body), "r.docx"), ruleset.classifier)
    assert len(document.paragraphs) == 2


def test_tracked_deletions_are_dropped_and_insertions_kept() -> None:
    body = para(
        run("征求意见时间"),
        '<w:del w:id="1" w:author="审核人"><w:r><w:delText>15日</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="审核人"><w:r><w:t>不少于30日</w:t></w:r></w:ins>',
        '<w:moveFrom w:id="3"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom>',
        run("。"),
    )
    assert texts(make_docx(body)) == ["征求意见时间不少于30日。"]


def test_hidden_text_field_codes_and_comments_are_not_text() -> None:
    body = para(
        run("正文"),
        run("隐藏的批注", "<w:vanish/>"),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
        run("内容。"),
    )
    assert texts(make_docx(body)) == ["正文3内容。"]


def test_headers_footers_and_comments_parts_are_not_read() -> None:
    header = f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>青山县人民政府文件 页眉</w:t></w:r></w:p></w:hdr>'
    comments = f'<w:comments xmlns:w="{W}"><w:comment w:id="0"><w:p><w:r><w:t>请补充原因</w:t></w:r></w:p></w:comment></w:comments>'
    data = make_docx(para("正文。"), extra_parts={"word/header1.xml": header, "word/comments.xml": comments})
    assert texts(data) == ["正文。"]


def test_runs_split_mid_phrase_join_and_line_breaks_stay_lines_of_the_paragraph() -> None:
    body = para(run("重大行政"), run("决策事项"), run("目录"), "<w:r><w:br/><w:t>第二行</w:t></w:r>")
    source = readers.read_bytes(make_docx(body), "r.docx")
    assert [(line.text, line.paragraph) for line in source.lines] == [("重大行政决策事项目录", 1), ("第二行", 1)]


def test_automatic_numbering_labels_are_reconstructed() -> None:
    body = "".join([
        para("主要举措和成效", num=(3, 0)),
        para("健全依法决策机制", num=(3, 1)),
        para("制定目录", num=(3, 2)),
        para("公开征求意见", num=(3, 2)),
        para("严格规范执法", num=(3, 1)),
        para("制定规范", num=(3, 2)),
        para("存在的不足和原因", num=(3, 0)),
        para("执法力量不足", num=(3, 1)),
    ])
    assert texts(make_docx(body, numbering=CHINESE_HEADINGS)) == [
        "一、\t主要举措和成效", "（一）健全依法决策机制", "1.\t制定目录", "2.\t公开征求意见",
        "（二）严格规范执法", "1.\t制定规范", "二、\t存在的不足和原因", "（一）执法力量不足",
    ]


def test_restart_override_and_numbering_from_a_style() -> None:
    numbering = CHINESE_HEADINGS.replace(
        "</w:numbering>",
        '<w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
        "</w:lvlOverride></w:num></w:numbering>")
    styles = HEADING_STYLES.replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:styleId="Sec"><w:name w:val="节标题"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style></w:styles>')
    body = para("甲", style="Sec") + para("乙", style="Sec") + para("丙", num=(4, 0)) + para("丁", num=(3, 0))
    assert texts(make_docx(body, numbering=numbering, styles=styles)) == ["一、\t甲", "二、\t乙", "五、\t丙", "六、\t丁"]


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (12, "ideographDigital", "一二"), (2, "ideographTraditional", "乙"), (3, "decimalEnclosedCircle", "③"),
    (7, "decimalFullWidth", "７"), (4, "lowerRoman", "iv"), (28, "upperLetter", "BB"), (5, "decimalZero", "05"),
])
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_heading_styles_and_outline_levels_are_heading_signals() -> None:
    body = (para("主要举措和成效", style="1") + para("存在的不足", style="Heading2")
            + para("其他情况", ppr='<w:outlineLvl w:val="2"/>') + para("正文。", ppr='<w:outlineLvl w:val="9"/>'))
    source = readers.read_bytes(make_docx(body, styles=HEADING_STYLES), "r.docx")
    assert [line.outline_level for line in source.lines] == [1, 2, 3, None]


def test_a_table_of_contents_is_not_taken_for_headings() -> None:
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           f'<w:sdtContent>{para("一、主要举措和成效 1")}</w:sdtContent></w:sdt>')
    body = toc + para("二、存在的不足 2", style="TOC1") + para("一、主要举措和成效")
    assert texts(make_docx(body, styles=HEADING_STYLES)) == ["一、主要举措和成效"]


def _numbered(text: str) -> str:
    """The example report as Word stores it when its headings use automatic numbering."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            out.append(para(line[2:], num=(3, 0)))
        elif line.startswith("（") and line[2:3] == "）":
            out.append(para(line[3:], num=(3, 1)))
        else:
            out.append(para(line))
    return "".join(out)


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
def test_autonumbered_docx_gives_the_verdicts_of_the_plain_text(ruleset: RuleSet, example: str) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    # the layout rules judge what only a .docx has (its page, fonts, footers): the text's verdicts are the rest
    layout = frozenset(r.id for r in ruleset.rules if r.id.startswith("layout."))
    ruleset = apply_overrides(ruleset, Overrides(disable=layout))
    docx = check_data(make_docx(_numbered(text), numbering=CHINESE_HEADINGS), "r.docx", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(docx) == verdicts(plain)
    assert finding_codes(docx) == finding_codes(plain)
    assert docx.metadata == plain.metadata
    assert docx.document is not None and plain.document is not None
    assert [s.kind for s in docx.document.sections] == [s.kind for s in plain.document.sections]


def test_findings_point_at_the_word_paragraph(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    report = check_data(make_docx(_numbered(text), numbering=CHINESE_HEADINGS), "r.docx", ruleset)
    located = [f for f in report.findings if f.location is not None]
    assert located
    paragraphs = [line for line in text.split("\n") if line.strip()]
    for finding in located:
        assert finding.location is not None and finding.location.paragraph is not None
        assert finding.location.describe() == f"第{finding.location.paragraph}段"
        assert finding.quote.replace(" ", "")[:4] in paragraphs[finding.location.paragraph - 1].replace(" ", "")


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 not really a zip", "已损坏"),
    (b"", "已损坏"),
    (b"plain text saved as docx", "已损坏"),
])
def test_corrupt_docx_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        readers.read_bytes(data, "r.docx")


def test_a_zip_without_a_document_part_is_an_input_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(InputError, match="缺少正文"):
        readers.read_bytes(out.getvalue(), "r.docx")


def test_xml_with_a_doctype_is_refused() -> None:
    evil = make_docx(para("x"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(evil)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:document", b'<!DOCTYPE d [<!ENTITY x "boom">]><w:document', 1)
            dst.writestr(item, data)
    with pytest.raises(InputError, match="DOCTYPE"):
        readers.read_bytes(out.getvalue(), "r.docx")
