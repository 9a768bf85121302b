"""publish.*: what the numbers' own structure proves, and that no output republishes what a finding masks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, check_text, source_of
from validator import cli, engine
from validator.checks.publish import id_check_digit, is_id_number, luhn_valid, masked
from validator.model import Span
from validator.pipeline import analyse
from validator.ruleset import RuleSet

ID_NUMBER = "110101199003071233"
MOBILE = "13912345678"
LANDLINE = "0571-87654321"
CARD = "6222021234567890128"
NAME = "赵志刚"
# a half-width comma beside each number makes format.punctuation-width quote the same sentence
SENSITIVE = (
    f"依法受理申请人{NAME}不服某局行政处罚决定的复议申请,其身份证号{ID_NUMBER},手机{MOBILE},"
    f"家中电话{LANDLINE},补偿款转入其银行卡{CARD}。"
)
# what no output may contain: each value as written and with its separators removed
FORBIDDEN = (ID_NUMBER, MOBILE, LANDLINE, LANDLINE.replace("-", ""), CARD, NAME)


def report_text() -> str:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    marker = "一、"
    head, _, rest = text.partition(marker)
    first_line, _, body = rest.partition("\n")
    return f"{head}{marker}{first_line}\n{SENSITIVE}\n{body}"


# --------------------------------------------------------------------------- the numbers themselves


def test_id_numbers_need_a_province_a_real_date_and_the_check_digit() -> None:
    assert id_check_digit("11010119900307123") == "3"
    assert id_check_digit("44030419851231002") == "X"
    assert is_id_number(ID_NUMBER) and is_id_number("44030419851231002x")
    assert not is_id_number("110101199003071232")  # check digit
    assert not is_id_number("990101199003071231")  # no province 99
    assert not is_id_number("110101199002301230")  # 30 February
    assert not is_id_number("11010119900307123")  # 17 digits


def test_luhn() -> None:
    assert luhn_valid(CARD) and luhn_valid("4111111111111111")
    assert not luhn_valid("6222021234567890127")


def test_masking_keeps_the_ends_and_the_separators() -> None:
    assert masked(ID_NUMBER, 2, 2) == "11" + "*" * 14 + "33"
    assert masked("139 1234 5678", 3, 2) == "139 **** **78"
    assert masked(NAME, 1, 0) == "赵**"


# --------------------------------------------------------------------------- the engine masks every quote


def test_the_engine_masks_a_span_in_every_rules_quotes(ruleset: RuleSet) -> None:
    report = check_text(ruleset, report_text())
    publish = [f for f in report.findings if f.rule.startswith("publish.")]
    assert sorted(f.rule for f in publish) == ["publish.bank-card", "publish.id-number", "publish.personal-name",
                                               "publish.phone-number", "publish.phone-number"]
    punctuation = [f for f in report.findings if f.rule == "format.punctuation-width" and "补偿款" in f.quote]
    assert punctuation, "the sentence is quoted by another rule too"
    everything = json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False)
    everything += json.dumps([e.as_dict() for r in report.results for e in r.evidence], ensure_ascii=False)
    for value in FORBIDDEN:
        assert value not in everything
    assert "11**************33" in everything and "赵**" in everything


def test_masked_keeps_lengths_and_positions(ruleset: RuleSet) -> None:
    document = analyse(source_of("一、主要举措和成效\n电话 139 1234 5678 已停用。\n"), ruleset.classifier)
    para = document.paragraphs[1]
    start = para.text.index("139")
    shown = engine.masked(document, [Span(para.index, start + 3, start + 11)])
    assert shown.source.lines[1].text == "电话 139 **** **78 已停用。"
    assert [len(line.text) for line in shown.source.lines] == [len(line.text) for line in document.source.lines]
    assert document.source.lines[1].text == "电话 139 1234 5678 已停用。"  # the document itself is untouched


# --------------------------------------------------------------------------- every output format


def _outputs_of_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], report: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for fmt in ("text", "terminal", "json", "sarif", "github", "parsable"):
        cli.main(["check", str(report), "--format", fmt, "--color", "never", "--fail-on", "never"])
        out[f"check --format {fmt}"] = capsys.readouterr().out
    target = tmp_path / "result.json"
    cli.main(["check", str(report), "--format", "json", "--output", str(target), "--fail-on", "never"])
    capsys.readouterr()
    out["check --output"] = target.read_text(encoding="utf-8")
    return out


def docx_text(path: Path) -> str:
    """Everything a reader of a Word file sees: paragraphs, table cells, headers and footers, properties."""
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs] + [p.text for p in section.header.paragraphs]
    core = document.core_properties
    parts += [core.title or "", core.author or "", core.comments or ""]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _outputs_of_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str], report: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    out_dir = tmp_path / "summary"
    assert cli.main(["summary", str(report), "--output-dir", str(out_dir)]) == 0
    assert cli.main(["summary", str(report), "--opinions", str(tmp_path / "md"), "--opinion-format", "markdown",
                     "--format", "json", "--output", str(tmp_path / "md.json")]) == 0
    capsys.readouterr()
    out: dict[str, str] = {}
    for path in sorted([*out_dir.rglob("*"), *(tmp_path / "md").iterdir()]):
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            out[path.name] = "\n".join(str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
                                       for cell in row if cell.value is not None)
        elif path.suffix == ".docx":
            out[path.name] = docx_text(path)
        elif path.suffix == ".pdf":
            out[path.name] = pdf_text(path)
        elif path.is_file():
            out[path.name] = path.read_text(encoding="utf-8-sig")
    for fmt in ("markdown", "csv", "json", "html"):
        cli.main(["summary", str(report), "--format", fmt])
        out[f"summary --format {fmt}"] = capsys.readouterr().out
    return out


def test_no_output_format_republishes_a_masked_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_text(report_text(), encoding="utf-8")
    outputs = {**_outputs_of_check(tmp_path, capsys, report), **_outputs_of_summary(tmp_path, capsys, report)}
    assert {"summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.docx", "summary.json"} <= set(outputs)
    # the opinion drafts and the reviewer's notes, as Word documents and as Markdown
    for suffix in (".审查意见.docx", ".审查人备注.docx", ".审查意见.md", ".审查人备注.md"):
        assert any(name.endswith(suffix) for name in outputs), suffix
    for name, text in outputs.items():
        for value in FORBIDDEN:
            assert value not in text, f"{name} shows {value}"
    # and the findings are there, masked, in what a reviewer reads (Markdown escapes the stars)
    shown = re.compile(r"11(?:\\?\*){14}33")
    for name in ("check --format text", "check --format sarif", "summary.md", "summary.xlsx", "summary.html",
                 "r.审查意见.docx", "r.审查人备注.docx", "r.审查意见.md"):
        assert shown.search(outputs[name]), name
