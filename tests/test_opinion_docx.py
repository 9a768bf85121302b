"""The 审查意见 draft as a Word 公文 (GB/T 9704-2012), and the reviewer's note kept apart from it.

Re-read with python-docx, checked with fazhi-lint's own ``layout.*`` rules, and converted to PDF by
LibreOffice where it is installed."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from validator import cli
from validator.readers.legacy import soffice

COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
TITLE = "关于《青山县人民政府关于2024年度法治政府建设情况的报告》的审查意见"
# paragraphs (of the .docx built below) given a half-width comma each, and one with a non-standard term
COMMA_LINES = (11, 15, 19, 23, 27, 31)


def report_paragraphs() -> list[str]:
    """The compliant example with faults: six paragraphs with half-width commas, "法制政府" in one, and a
    comment period of 15 days (an error)."""
    lines = COMPLIANT.split("\n")
    for number in COMMA_LINES:
        lines[number - 1] = lines[number - 1].replace("，", ",", 1)
    lines[4] = lines[4].replace("扎实推进依法行政", "扎实推进法制政府建设")
    lines[10] = lines[10].replace("向社会公开征求意见时间均不少于30日", "向社会公开征求意见时间均为15日")
    return [line for line in lines if line.strip()]


def build_docx(path: Path, paragraphs: list[str]) -> None:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``summary --opinions`` over a Word report: the letter and the note, as Word documents."""
    folder = tmp_path_factory.mktemp("opinions")
    report = folder / "青山县.docx"
    build_docx(report, report_paragraphs())
    out = folder / "审查意见"
    assert cli.main(["summary", str(report), "--opinions", str(out), "--unit", "青山县司法局", "--format", "json",
                     "--output", str(folder / "summary.json")]) == 0
    return out


def paragraphs_of(path: Path) -> list[object]:
    from docx import Document

    return list(Document(str(path)).paragraphs)


def letter_text(path: Path) -> str:
    return "\n".join(p.text for p in paragraphs_of(path))  # type: ignore[attr-defined]


def east_asian_font(run: object) -> str | None:
    from docx.oxml.ns import qn

    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_letter_is_laid_out_as_a_gongwen(drafts: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document(str(drafts / "青山县.审查意见.docx"))
    section = document.sections[0]
    assert [round(v.mm) for v in (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [210, 297, 37, 35, 28, 26]
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == pytest.approx(28.9, abs=0.05)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    paragraphs = document.paragraphs
    title, blank, addressee = paragraphs[:3]
    assert title.text == TITLE and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert blank.text == "" and addressee.text == "青山县人民政府："
    headings = [p for p in paragraphs if re.match(r"[一二三]、", p.text)]
    assert [p.text for p in headings] == ["一、需要修改的问题", "二、建议完善的内容"]
    assert all(east_asian_font(p.runs[0]) == "黑体" for p in headings)
    items = [p for p in paragraphs if p.text.startswith("（")]
    assert items and all(east_asian_font(p.runs[0]) == "楷体_GB2312" and p.runs[0].text.endswith("。") for p in items)
    assert all(p.paragraph_format.first_line_indent.pt == 32 for p in [*items, *headings])  # 首行缩进二字
    signed = [p for p in paragraphs if p.text.strip()][-2:]
    assert [p.text for p in signed] == ["青山县司法局", "　　年　　月　　日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT and p.paragraph_format.right_indent.pt == 64 for p in signed)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —") and "PAGE" in footer._p.xml


def test_the_letter_passes_our_own_layout_rules(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["check", str(drafts / "青山县.审查意见.docx"), "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    layout = {c["rule"]: c["status"] for c in data["files"][0]["checklist"] if c["rule"].startswith("layout.")}
    assert layout == {"layout.page-size": "pass", "layout.margins": "pass", "layout.title-font": "pass",
                      "layout.body-font": "pass", "layout.heading-fonts": "pass", "layout.line-spacing": "pass",
                      "layout.page-number": "pass",
                      "layout.signing-date": "not_applicable"}  # the date is the reviewer's to fill in


def test_one_paragraph_per_rule_quoting_the_text_and_its_paragraph(drafts: Path) -> None:
    text = letter_text(drafts / "青山县.审查意见.docx")
    lines = text.splitlines()
    (commas,) = [line for line in lines if "中文使用全角标点。" in line]
    # six findings, one paragraph: where they are, in the Word document's own paragraph numbers
    assert re.search(r"共6处，见第\d+段、第\d+段、第\d+段、第\d+段、第\d+段、第\d+段。", commas), commas
    assert "依据：GB/T 15834-2011《标点符号用法》" in commas and "修改建议：" in commas
    (term,) = [line for line in lines if "规范表述。" in line]
    assert re.search(r"原文：“[^”]*法制政府[^”]*”（第3段）。", term), term
    (period,) = [line for line in lines if "公开征求意见期限。" in line]
    assert period in [line for line in text.split("二、建议完善的内容")[0].splitlines()]  # an error: must be fixed


def test_the_letter_speaks_no_tool(drafts: Path) -> None:
    text = letter_text(drafts / "青山县.审查意见.docx")
    assert not re.search(r"第\d+行|\d+列|fazhi-lint|--|\.docx|\.txt|得分|规则", text), text


def test_the_reviewers_note_is_a_separate_document(drafts: Path) -> None:
    text = letter_text(drafts / "青山县.审查人备注.docx")
    assert text.startswith("审查人备注：《青山县人民政府关于2024年度法治政府建设情况的报告》")
    assert "不随审查意见发出" in text and "青山县.docx" in text and "得分" in text
    assert re.search(r"中文使用全角标点（format\.punctuation-width）第\d+段：“", text)


def test_a_web_page_is_quoted_by_its_parts_and_noted_for_the_reviewer(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "青山县.html"
    body = "".join(f"<p>{line}</p>\n" for line in report_paragraphs())
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>报告</title></head><body>\n{body}"
                    "</body></html>", encoding="utf-8")
    out = tmp_path / "审查意见"
    assert cli.main(["summary", str(page), "--opinions", str(out), "--opinion-format", "markdown",
                     "--format", "json", "-o", str(tmp_path / "s.json")]) == 0
    letter = (out / "青山县.审查意见.md").read_text(encoding="utf-8")
    assert "（“一、2024年推进法治政府建设的主要举措和成效”部分）" in letter or "（“（一）健全依法决策机制”部分）" in letter
    assert "网页" not in letter and not re.search(r"第\d+行", letter)
    note = (out / "青山县.审查人备注.md").read_text(encoding="utf-8")
    assert "报告文字取自审查人保存的网页" in note


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_letter(drafts: Path, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    office = soffice()
    assert office is not None
    letter = tmp_path / "letter.docx"
    letter.write_bytes((drafts / "青山县.审查意见.docx").read_bytes())
    profile = tmp_path / "profile"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(letter)], capture_output=True, timeout=180, check=False,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    document = pdfium.PdfDocument(str(tmp_path / "letter.pdf"))
    try:
        sizes = [document[i].get_size() for i in range(len(document))]
        pages = ["".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    finally:
        document.close()
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes)  # A4 portrait
    text = "".join(pages)
    for expected in (TITLE, "青山县人民政府：", "一、需要修改的问题", "二、建议完善的内容", "（一）", "青山县司法局", "年月日"):
        assert expected in text, expected
    assert pages[0].endswith("—1—") or "—1—" in pages[0]  # the page number
