from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import source_of
from validator.metadata import issuer_kind, parse_date
from validator.pipeline import analyse
from validator.ruleset import RuleSet


def meta(ruleset: RuleSet, text: str) -> dict[str, object]:
    return analyse(source_of(text), ruleset.classifier).metadata.as_dict()


def test_issuer_on_the_line_above_the_title(ruleset: RuleSet) -> None:
    m = meta(ruleset, "某某区人民政府办公室\n\n关于 2024 年度法治政府建设情况的报告\n\n一、主要举措\n学法。\n某某区人民政府办公室\n2025年1月20日\n")
    assert m == {
        "title": "某某区人民政府办公室关于2024年度法治政府建设情况的报告",
        "issuer": "某某区人民政府办公室",
        "issuer_kind": "department",
        "report_year": 2024,
        "title_year": 2024,
        "signed": "2025-01-20",
        "published": None,
    }


def test_issuer_inside_the_title_and_web_chrome_date(ruleset: RuleSet) -> None:
    text = "某市人民政府 EXAMPLE.GOV.CN\n政府信息公开\n某市人民政府关于2024年法治政府建设情况报告\n点击量: 来源:某市人民政府  时间:2025-03-01\n一、主要举措及成效\n学法。\n"
    m = meta(ruleset, text)
    assert (m["issuer"], m["issuer_kind"], m["report_year"], m["published"]) == ("某市人民政府", "government", 2024, "2025-03-01")


def test_title_without_about(ruleset: RuleSet) -> None:
    m = meta(ruleset, "某某区人民政府办公室\n2024年度法治政府建设情况报告\n一、完成情况\n学法。\n")
    assert (m["issuer"], m["report_year"]) == ("某某区人民政府办公室", 2024)


def test_issuer_from_signature_when_no_title_block(ruleset: RuleSet) -> None:
    m = meta(ruleset, "一、主要举措\n学法。\n某某县司法局\n2025年2月1日\n")
    assert (m["issuer"], m["issuer_kind"], m["report_year"], m["signed"]) == ("某某县司法局", "department", 2024, "2025-02-01")


def test_a_date_in_body_text_is_not_a_signing_date(ruleset: RuleSet) -> None:
    m = meta(ruleset, "关于2024年度法治政府建设情况的报告\n一、主要举措\n工作于2024年12月5日全部完成。\n")
    assert m["signed"] is None


@pytest.mark.parametrize(("issuer", "kind"), [
    ("某某区人民政府", "government"), ("某某区人民政府办公室", "department"), ("某某县司法局", "department"),
    ("某某市发展和改革委员会", "department"), ("某某街道办事处", "government"), (None, None)])
def test_issuer_kind(issuer: str | None, kind: str | None) -> None:
    assert issuer_kind(issuer) == kind


@pytest.mark.parametrize(("text", "date"), [
    ("2025年1月20日", dt.date(2025, 1, 20)), ("2025年01月20日", dt.date(2025, 1, 20)),
    ("2025-03-20", dt.date(2025, 3, 20)), ("二〇二五年一月二十日", dt.date(2025, 1, 20)),
    ("2025年2月30日", None), ("无日期", None)])
def test_parse_date(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date
