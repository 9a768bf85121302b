"""PDF: lines rebuilt from glyph positions, wraps re-joined, page furniture dropped, scans refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from tests.readers.pdfgen import Run, make_pdf, paragraph_runs
from validator import readers
from validator.errors import InputError
from validator.readers.pdf_layout import (
    Glyph,
    Line,
    Page,
    drop_furniture,
    group_lines,
    is_page_number,
    mark_wraps,
)
from validator.ruleset import RuleSet

pytest.importorskip("pypdfium2", reason="the formats extra (pypdfium2) is not installed")

TOP = 800.0
BOTTOM = 560.0  # short pages, so even the short examples run over three or more


def lay_out(text: str, *, running_head: str | None = None, width: int = 28, indent: int = 2,
            bottom: float = BOTTOM) -> bytes:
    """The report laid out as a word processor prints it: wrapped lines, page numbers, a running head."""
    pages: list[list[Run]] = [[]]
    y = TOP
    for paragraph in [p for p in text.split("\n") if p.strip()]:
        runs, _ = paragraph_runs(paragraph, y, width_chars=width, indent=indent)
        for line in runs:
            if y < bottom:
                pages.append([])
                y = TOP
            pages[-1].append(Run(line.x, y, line.text))
            y -= 18.0
        y -= 8.0  # paragraph spacing
    for number, page in enumerate(pages, 1):
        page.append(Run(280.0, 40.0, f"- {number} -", 10.0))
        if running_head and number > 1:
            page.append(Run(200.0, 815.0, running_head, 9.0))
    return make_pdf([list(p) for p in pages])


@pytest.mark.parametrize("example", ["compliant.txt", "deficient.txt"])
@pytest.mark.parametrize("indent", [2, 0], ids=["indented", "block"])
def test_laid_out_pdf_gives_the_verdicts_of_the_plain_text(ruleset: RuleSet, example: str, indent: int) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    data = lay_out(text, running_head="青山县人民政府关于2024年度法治政府建设情况的报告", indent=indent, bottom=640)
    assert (readers.read_bytes(data, "r.pdf").lines[-1].page or 0) >= 3  # so the running head can be told
    pdf = check_data(data, "r.pdf", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(pdf) == verdicts(plain)
    assert finding_codes(pdf) == finding_codes(plain)
    assert pdf.metadata is not None and plain.metadata is not None
    assert pdf.metadata.as_dict() == plain.metadata.as_dict()


def test_wrapped_lines_and_page_breaks_join_and_furniture_goes(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    source = readers.read_bytes(lay_out(text, running_head="青山县法治政府建设报告"), "r.pdf")
    assert source.lines[-1].page is not None and source.lines[-1].page >= 2  # it did break across pages
    assert not any("- " in line.text or "青山县法治政府建设报告" == line.text for line in source.lines)
    from validator.pipeline import analyse

    document = analyse(source, ruleset.classifier)
    plain = [p for p in text.split("\n") if p.strip()]
    assert [p.text for p in document.paragraphs] == plain


def test_findings_point_at_page_and_line(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    data = lay_out(text)
    report = check_data(data, "r.pdf", ruleset)
    source = readers.read_bytes(data, "r.pdf")
    located = [f for f in report.findings if f.location is not None]
    assert located
    for finding in located:
        location = finding.location
        assert location is not None and location.page is not None
        assert location.describe() == f"第{location.page}页 第{location.line}行"
        on_page = [line for line in source.lines if line.page == location.page and line.line_number == location.line]
        assert len(on_page) == 1


def test_quotes_written_out_of_order_are_put_back_in_place() -> None:
    # LibreOffice draws the curly quotes of a line after its other glyphs
    page = [Run(90, 700, "开展"), Run(126, 700, "民法典宣传月"), Run(210, 700, "活动。"),
            Run(114, 700, "“"), Run(198, 700, "”")]
    (line,) = readers.read_bytes(make_pdf([page]), "q.pdf").lines
    assert line.text == "开展“民法典宣传月”活动。"


def test_a_scanned_pdf_has_no_text_layer() -> None:
    with pytest.raises(InputError, match="没有文字层.*OCR"):
        readers.read_bytes(make_pdf([None, None]), "scan.pdf")


def test_a_scanned_page_inside_a_text_pdf_is_noted() -> None:
    source = readers.read_bytes(make_pdf([[Run(90, 700, "一、主要举措和成效")], None]), "mixed.pdf")
    assert source.notes == ["第2页没有文字层（扫描页？），其内容未检查"]


def test_an_encrypted_pdf_asks_for_an_unencrypted_copy() -> None:
    """Told apart by PDFium's error code, not by the wording of pypdfium2's exception (made by pikepdf)."""
    data = (Path(__file__).parent / "fixtures" / "encrypted.pdf").read_bytes()
    with pytest.raises(InputError, match="encrypted.pdf: PDF 已加密，需要密码"):
        readers.read_bytes(data, "encrypted.pdf")


def test_a_broken_pdf_is_an_input_error() -> None:
    with pytest.raises(InputError, match="不是有效的 PDF"):
        readers.read_bytes(b"%PDF-1.7\nnothing else", "bad.pdf")


# --------------------------------------------------------------------------- geometry, without a PDF


def glyphs(text: str, left: float, baseline: float, size: float = 10.0) -> list[Glyph]:
    return [Glyph(c, left + i * size, left + (i + 1) * size, baseline, size) for i, c in enumerate(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("- 4 -", True), ("— 12 —", True), ("第 4 页", True), ("第4页 共12页", True), ("4/12", True), ("7", True),
    ("Page 3 of 9", True), ("2025年1月20日", False), ("一、主要举措", False), ("第一部分", False),
])
def test_page_numbers(text: str, expected: bool) -> None:
    assert is_page_number(text) is expected


def test_glyphs_on_one_baseline_form_a_line_and_gaps_become_spaces() -> None:
    line_glyphs = glyphs("问题", 100, 500) + glyphs("and", 125, 500.5) + glyphs("不足", 160, 499.8)
    (line,) = group_lines(list(reversed(line_glyphs)), page=1)
    assert line.text == "问题 and 不足"


def _page(number: int, *rows: tuple[str, float, float]) -> Page:
    """A page from (text, baseline, font size) rows."""
    found = [g for text, baseline, size in rows for g in glyphs(text, 100, baseline, size)]
    return Page(number, 842.0, group_lines(found, page=number))


def test_running_heads_go_while_the_issuer_heading_page_1_and_signing_page_3_stays() -> None:
    head = ("青山县法治政府建设情况报告", 815.0, 10.0)
    pages = [
        _page(1, ("青山县人民政府", 800.0, 10.0), ("正文第一页。", 700.0, 10.0), ("- 1 -", 40.0, 10.0)),
        _page(2, head, ("正文第二页。", 700.0, 10.0), ("- 2 -", 40.0, 10.0)),
        _page(3, head, ("青山县人民政府", 800.0, 10.0), ("2025年2月18日", 780.0, 10.0), ("- 3 -", 40.0, 10.0)),
    ]
    assert [line.text for line in drop_furniture(pages)] == [
        "青山县人民政府", "正文第一页。", "正文第二页。", "青山县人民政府", "2025年2月18日"]


def test_a_small_print_head_goes_even_on_a_two_page_report() -> None:
    pages = [_page(1, ("正文第一页，", 800.0, 12.0), ("正文。", 700.0, 12.0)),
             _page(2, ("青山县法治政府建设情况报告", 815.0, 9.0), ("正文第二页。", 800.0, 12.0))]
    assert [line.text for line in drop_furniture(pages)] == ["正文第一页，", "正文。", "正文第二页。"]


def test_wraps_need_a_full_line_an_unindented_continuation_and_normal_spacing() -> None:
    def line(text: str, left: float, baseline: float, page: int = 1) -> Line:
        built = Line(page, glyphs(text, left, baseline))
        built.text = text
        return built

    full, short = "全" * 30, "短句。"
    lines = [line(full, 90, 700), line(full, 90, 685), line(short, 90, 670),  # one paragraph, wrapped twice
             line(full, 110, 640), line(full, 90, 625),  # indented start, then a wrap
             line(full, 90, 595), line(full, 110, 100), line(full, 90, 800, page=2)]  # gap; indent; page break
    mark_wraps(lines)
    assert [x.wrapped for x in lines] == [True, True, False, True, False, False, True, False]


def test_text_scaled_by_its_matrix_rather_than_its_font_size() -> None:
    # "/F1 1 Tf 12 0 0 12 x y Tm", as Cairo and Skia write text: the font size alone says 1 point
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    data = lay_out(text)
    scaled = regex.sub(rb"BT /F1 (\d+) Tf 1 0 0 1 ", lambda m: b"BT /F1 1 Tf " + m[1] + b" 0 0 " + m[1] + b" ", data)
    assert scaled != data
    def lines(pdf: bytes) -> list[tuple[str, bool | None]]:
        return [(line.text, line.ends_paragraph) for line in readers.read_bytes(pdf, "r.pdf").lines]

    assert lines(scaled) == lines(data)
    assert any(wrapped is False for _, wrapped in lines(data))
