"""Outputs in the reviewer's formats: the format follows the output's extension; the summary as a Word
document, a PDF (LibreOffice), a spreadsheet set up for printing and an HTML page with a title block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliRun
from validator.readers.legacy import soffice

COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
TITLE = "2024年度法治政府建设年度报告审查汇总"
UNIT = "青山县司法局"
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "a-compliant.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "b-deficient.txt").write_text(DEFICIENT, encoding="utf-8")
    (folder / "c-broken.txt").write_bytes(b"\xff\xfe\x00\xff")
    return folder


# --------------------------------------------------------------------------- the format follows the extension


@pytest.mark.parametrize(("name", "check"), [
    ("r.json", lambda text: json.loads(text)["files"][0]["score"] == 100.0),
    ("r.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
    ("r.txt", lambda text: not text.lstrip().startswith("{") and "100" in text),
])
def test_check_output_format_follows_the_extension(name: str, check: object, tmp_path: Path,
                                                   cli_run: CliRun) -> None:
    target = tmp_path / name
    code, out, _ = cli_run("check", str(EXAMPLES / "compliant.txt"), "-o", str(target))
    assert code == 0 and out == ""
    assert callable(check) and check(target.read_text(encoding="utf-8"))


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path, cli_run: CliRun) -> None:
    target = tmp_path / "r.json"
    cli_run("check", str(EXAMPLES / "compliant.txt"), "--format", "parsable", "-o", str(target))
    with pytest.raises(json.JSONDecodeError):
        json.loads(target.read_text(encoding="utf-8") or "x")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf", ".html", ".csv", ".md"])
def test_check_refuses_an_output_it_has_no_format_for(suffix: str, tmp_path: Path,
                                                      cli_run: CliRun) -> None:
    target = tmp_path / f"r{suffix}"
    code, out, err = cli_run("check", str(EXAMPLES / "deficient.txt"), "-o", str(target))
    assert code == 2 and out == "" and not target.exists()
    (line,) = err.strip().splitlines()  # one line, naming the file and what to use instead
    assert str(target) in line and "summary" in line


def test_summary_output_format_follows_the_extension(batch: Path, cli_run: CliRun) -> None:
    for name, starts in (("s.html", b"<!DOCTYPE html>"), ("s.md", "# 法治".encode()), ("s.json", b"{"),
                         ("s.csv", b"\xef\xbb\xbf"), ("s.xlsx", b"PK\x03\x04"), ("s.docx", b"PK\x03\x04")):
        code, out, err = cli_run("summary", str(batch), "-o", str(batch.parent / name))
        assert code == 3 and out == "", err  # c-broken.txt is unreadable: the rest summarised
        assert (batch.parent / name).read_bytes().startswith(starts), name
        assert "已写入" in err and f"：{batch.parent / name}" in err


def test_binary_formats_are_not_written_to_a_terminal() -> None:
    from validator.errors import UsageError
    from validator.summary import plan_outputs

    for fmt in ("xlsx", "docx", "pdf"):
        with pytest.raises(UsageError, match="--output"):
            plan_outputs(fmt, None, None, None, stdout_is_terminal=True)


# --------------------------------------------------------------------------- the summary as a Word document


def test_summary_docx_is_a_landscape_word_document_with_the_table(batch: Path, cli_run: CliRun) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    target = batch.parent / "汇总.docx"
    cli_run("summary", str(batch), "-o", str(target), "--title", TITLE, "--unit", UNIT)
    document = Document(str(target))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[0] == TITLE
    assert paragraphs[1].startswith(f"审查单位：{UNIT}　生成日期：")
    assert paragraphs[2].startswith("共 3 份：通过 1，未通过 1，无法读取 1；")
    table, rates = document.tables
    head = [c.text for c in table.rows[0].cells]
    assert head == ["序号", "报告", "发文机关", "年度", "成文日期", "发布日期", "得分", "状态", "缺失或未通过的要素"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[7] for r in rows] == ["无法读取", "未通过", "通过"]
    deficient = rows[1]
    assert deficient[1] == "青山县交通运输局关于2024年度法治政府建设情况的报告" and deficient[4] == "2025年3月15日"
    assert deficient[8].startswith("错误：")
    # the header repeats on every page, no row splits across pages, the status cell is coloured
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])
    fill = table.rows[2].cells[7]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "F8D7DA"
    assert [c.text for c in rates.rows[0].cells][:2] == ["检查项", "规则"]  # Chinese names first
    assert document.core_properties.title == TITLE


@needs_libreoffice
def test_summary_pdf_is_made_by_libreoffice(batch: Path, cli_run: CliRun) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    target = batch.parent / "汇总.pdf"
    code, _, err = cli_run("summary", str(batch), "-o", str(target), "--title", TITLE, "--unit", UNIT)
    assert code == 3 and f"已写入PDF 汇总：{target}" in err
    document = pdfium.PdfDocument(str(target))
    try:
        assert all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in
                   (document[i].get_size() for i in range(len(document))))
        text = "".join("".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    finally:
        document.close()
    for expected in (TITLE, UNIT, "青山县交通运输局", "未通过", "各规则通过率", "不足的原因"):
        assert expected in text, expected


# --------------------------------------------------------------------------- the spreadsheet


def test_xlsx_is_set_up_for_the_reviewer(batch: Path, cli_run: CliRun) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = batch.parent / "汇总.xlsx"
    cli_run("summary", str(batch), "-o", str(target), "--title", TITLE, "--unit", UNIT)
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        # a title row, the office and date, then the header: frozen, filterable, repeated on printed pages
        assert sheet["A1"].value == TITLE and sheet["A1"].font.b and "A1:" in str(sheet.merged_cells)
        assert str(sheet["A2"].value).startswith(f"审查单位：{UNIT}")
        assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
        assert sheet.print_title_rows == "$3:$3"
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", "9", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    summary = book["汇总"]
    head = [c.value for c in summary[3]]
    rows = {summary.cell(r, head.index("发文机关") + 1).value: [c for c in summary[r]] for r in range(4, 7)}
    deficient = dict(zip(head, rows["青山县交通运输局"]))
    assert deficient["报告"].value == "青山县交通运输局关于2024年度法治政府建设情况的报告"  # title, not path
    assert deficient["文件"].value == "报送/b-deficient.txt"
    assert deficient["成文日期"].value.date().isoformat() == "2025-03-15"
    assert deficient["成文日期"].number_format == 'yyyy"年"m"月"d"日"'
    assert isinstance(deficient["得分"].value, float) and deficient["得分"].number_format == "0.0"
    assert deficient["状态"].fill.start_color.rgb.endswith("F8D7DA")
    assert deficient["缺失或未通过的要素"].alignment.wrap_text
    assert summary.column_dimensions["J"].width >= 40  # the missing items wrap in a wide column
    rates = book["规则通过率"]
    rate_head = [c.value for c in rates[3]]
    causes = next(row for row in rates.iter_rows(min_row=4) if row[1].value == "report.problem-causes")
    rate = causes[rate_head.index("通过率")]
    assert rate.value == pytest.approx(0.5) and rate.number_format == "0%"  # a number Excel can sort
    issues = book["问题明细"]
    issue_head = [c.value for c in issues[3]]
    first = dict(zip(issue_head, [c.value for c in issues[4]]))
    assert first["报告"] == "青山县交通运输局关于2024年度法治政府建设情况的报告" and first["发文机关"] == "青山县交通运输局"


# --------------------------------------------------------------------------- the HTML title block


def test_html_has_a_title_block_dates_and_severities(batch: Path, cli_run: CliRun) -> None:
    _, page, _ = cli_run("summary", str(batch), "--format", "html", "--title", "<b>汇总</b>\n第二行",
                     "--unit", UNIT)
    assert "<h1>&lt;b&gt;汇总&lt;/b&gt;\\n第二行</h1>" in page  # the title is text, on one line
    assert f'<p class="byline" id="byline">审查单位：{UNIT}　生成日期：' in page
    assert '<th scope="col" data-type="text" class="c-date">成文日期</th>' in page
    assert '<td data-sort="2025-03-15" class="date">2025年3月15日</td>' in page
    assert '<span class="missing-group sev-error"><span class="badge">错误</span>' in page
    assert "@page { size: A4 landscape;" in page
