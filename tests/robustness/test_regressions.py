"""Regression tests for what the property-based tests and the hostile inputs found in the readers and checks."""

from __future__ import annotations

import pytest

from tests.readers.pdfgen import Run, make_pdf
from tests.robustness import hostile
from tests.robustness.strategies import default_rules
from validator import readers, yoy
from validator.errors import InputError
from validator.pipeline import analyse, check_source
from validator.readers import html, pdf

ARTICLE = "<p>" + "全年办理行政复议案件四十件，纠错六件。" * 3 + "</p>"


def test_a_numeric_character_reference_of_thousands_of_digits_is_a_replacement_character() -> None:
    """html.unescape converts the digits with int(), which raises past 4,300 of them."""
    page = f"<html><body>{ARTICLE}<p>编号&#{'1' * 5000};与&#x{'F' * 5000};结束，全年工作完成。</p></body></html>"
    document = readers.read_bytes(page.encode(), "charref.html")
    assert "编号\ufffd与\ufffd结束，全年工作完成。" in [line.text for line in document.lines]


def test_small_character_references_are_unchanged() -> None:
    page = f"<html><body>{ARTICLE}<p>&#0000000065;&#x4E2D;&#20013;文</p></body></html>"
    assert "A中中文" in [line.text for line in readers.read_bytes(page.encode(), "refs.html").lines]


def test_a_hundred_thousand_nested_elements_are_read() -> None:
    page = "<div>" * 100_000 + ARTICLE + "</div>" * 100_000
    document = readers.read_bytes(page.encode(), "deep.html")
    assert document.lines[-1].text.endswith("纠错六件。")


def test_a_page_with_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_HTML_ELEMENTS", 10)
    with pytest.raises(InputError, match="网页元素超过 10 个"):
        readers.read_bytes(("<p>段落</p>" * 11).encode(), "many.html")


def test_pdf_page_and_character_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    page = [Run(90, 700, "全年办理行政复议案件四十件。")]
    data = make_pdf([page, page, page])
    assert readers.read_bytes(data, "ok.pdf").lines
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2)
    with pytest.raises(InputError, match="PDF 有 3 页，超过上限 2 页"):
        readers.read_bytes(data, "pages.pdf")
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 10)
    monkeypatch.setattr(pdf, "MAX_PDF_PAGE_CHARS", 5)
    with pytest.raises(InputError, match="第1页有 14 个字符，超过每页上限 5"):
        readers.read_bytes(data, "chars.pdf")


def test_year_over_year_past_its_work_limit_is_declined_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = default_rules()
    pairs = hostile.EXAMPLES / "yoy"
    this_year = readers.read_path(str(pairs / "yunxi-county-2024.txt"))
    last_year = analyse(readers.read_path(str(pairs / "yunxi-county-2023.txt")), ruleset.classifier)
    results = {r.rule.id: r for r in check_source(this_year, ruleset, last_year).results}
    assert results["report.plan-followthrough"].credit is not None
    monkeypatch.setattr(yoy, "COMPARISON_WORK", 10)
    results = {r.rule.id: r for r in check_source(this_year, ruleset, last_year).results}
    for rule in ("report.plan-followthrough", "report.repeated-problems"):
        assert results[rule].status == "not_applicable" and "超出逐项对照的上限" in results[rule].note
