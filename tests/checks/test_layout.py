"""layout.*: a .docx laid out as a 公文 passes every layout rule; one deviation fails only its rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHARED, check_text, needs_shared
from tests.layoutdocx import Layout, build
from validator import cli
from validator.pipeline import FileReport, check_bytes, check_path
from validator.ruleset import Overrides, RuleSet, apply_overrides

# one deviation each, and the only layout rule it may fail
DEVIATIONS: dict[str, tuple[Layout, str]] = {
    "Letter paper": (Layout(page=(215.9, 279.4), margins=(37, 17.4, 28, 31.9)), "layout.page-size"),
    "Word's default margins": (Layout(margins=(25.4, 25.4, 31.8, 31.8)), "layout.margins"),
    "title in 宋体 小二": (Layout(title_font="宋体", title_size=18), "layout.title-font"),
    "body in 宋体": (Layout(body_font="宋体"), "layout.body-font"),
    "body in 小四": (Layout(body_size=12), "layout.body-font"),
    "一级标题 in 仿宋": (Layout(heading1_font="仿宋_GB2312"), "layout.heading-fonts"),
    "二级标题 in 黑体": (Layout(heading2_font="黑体"), "layout.heading-fonts"),
    "single line spacing": (Layout(line_spacing=None), "layout.line-spacing"),
    "fixed 20 pt": (Layout(line_spacing=20), "layout.line-spacing"),
    "page number 第1页": (Layout(page_number="第{PAGE}页"), "layout.page-number"),
    "page number in 五号": (Layout(page_number_size=10.5), "layout.page-number"),
    "page number in 仿宋": (Layout(page_number_font="仿宋_GB2312"), "layout.page-number"),
    "no page number": (Layout(page_number=None), "layout.page-number"),
    "one footer for all pages": (Layout(odd_even=False), "layout.page-number"),
    "signing date centred": (Layout(date_alignment="center"), "layout.signing-date"),
}


def layout_statuses(report: FileReport) -> dict[str, str]:
    return {r.rule.id: r.status for r in report.results if r.rule.id.startswith("layout.")}


def test_a_correctly_laid_out_docx_passes_every_layout_rule(ruleset: RuleSet) -> None:
    report = check_bytes(build(), "good.docx", ruleset)
    statuses = layout_statuses(report)
    assert len(statuses) == 8
    assert set(statuses.values()) == {"pass"}, [f.message for f in report.findings if f.rule.startswith("layout.")]


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_each_deviation_fails_only_its_rule(ruleset: RuleSet, name: str) -> None:
    layout, rule = DEVIATIONS[name]
    report = check_bytes(build(layout), f"{name}.docx", ruleset)
    failing = {rid for rid, status in layout_statuses(report).items() if status != "pass"}
    assert failing == {rule}
    findings = [f for f in report.findings if f.rule == rule]
    assert findings and all(f.severity in ("info", "warning") for f in findings)


def test_findings_name_the_paragraph_and_the_values(ruleset: RuleSet) -> None:
    report = check_bytes(build(Layout(title_font="宋体", title_size=18)), "t.docx", ruleset)
    (font, size) = [f for f in report.findings if f.rule == "layout.title-font"]
    assert font.location is not None and font.location.paragraph == 1 and font.location.describe() == "第1段"
    assert "“宋体”" in font.message and "小标宋" in font.message
    assert "18 磅（小二）" in size.message and "22 磅（二号）" in size.message
    assert font.quote == "关于2024年度法治政府建设情况的报告"


def test_text_reports_are_not_judged_on_layout_and_lose_nothing(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    report = check_text(ruleset, text)
    statuses = layout_statuses(report)
    assert set(statuses.values()) == {"not_applicable"}
    without = apply_overrides(ruleset, Overrides(disable=frozenset(statuses)))
    assert report.score == check_text(without, text).score


def test_the_portal_profile_switches_layout_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(build(Layout(margins=(25.4, 25.4, 31.8, 31.8))))
    cli.main(["check", str(path), "--format", "parsable", "--fail-on", "never"])
    assert "layout.margins" in capsys.readouterr().out
    for profile in ("portal", "department-portal"):
        cli.main(["check", str(path), "--format", "parsable", "--fail-on", "never", "--profile", profile])
        assert "layout." not in capsys.readouterr().out


def test_explain_works_for_every_new_rule(ruleset: RuleSet, capsys: pytest.CaptureFixture[str]) -> None:
    new = [r.id for r in ruleset.rules if r.id.startswith(("cite.", "publish.", "layout."))]
    assert len(new) == 16
    for rule_id in new:
        assert cli.main(["explain", rule_id]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{rule_id} — ") and "依据" in out and "合格示例" in out and "不合格示例" in out


# The dev corpus's .docx files were made with python-docx: A4, 公文 margins and fonts, but Word's
# 1.15 line spacing and a "— PAGE —" footer in 三号 Cambria on every page. Each finding was reviewed.
DEV_DOCX_FINDINGS = {("layout.line-spacing", "line-spacing"), ("layout.page-number", "page-number-format"),
                     ("layout.page-number", "page-number-side")}


@needs_shared
def test_the_layout_findings_on_the_dev_docx_files_are_the_reviewed_ones(ruleset: RuleSet) -> None:
    paths = sorted((SHARED / "corpus" / "dev").glob("*.docx"))
    assert len(paths) == 4
    for path in paths:
        report = check_path(str(path), ruleset)
        assert {(f.rule, f.code) for f in report.findings if f.rule.startswith("layout.")} == DEV_DOCX_FINDINGS
