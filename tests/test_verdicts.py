"""Verdicts a reviewer can trust: the 成文日期 finding (report.signing-date, web pages' 信息公开 table), the
drafter's suppressions as claims for the reviewer (notes, GitHub annotations, the opinion draft), and the
agreement of the new rule with the hand labels of the shared corpus."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, LABELS, SEEDS, SHARED, needs_shared
from tests.readers.helpers import check_data
from tests.readers.test_html import portal_page
from validator import suppress
from validator.formatters.github import GithubFormatter
from validator.pipeline import FileReport, check_path
from validator.ruleset import RuleSet
from validator.summary.model import build_summary
from validator.summary.opinion import render_opinion
from validator.verdict import reviewer_notes, status_of

DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
UNDATED = COMPLIANT.replace("2025年2月18日\n", "")
TABLE = ('<table class="xxgk"><tr><td class="t">发布机构：</td><td>青山县人民政府</td>'
         '<td class="t">成文日期：</td><td>{date}</td></tr></table>')


def signing(report: FileReport) -> tuple[str, tuple[str, ...]]:
    result = next(r for r in report.results if r.rule.id == "report.signing-date")
    return str(result.status), tuple(f.code for f in result.findings)


# --------------------------------------------------------------------------- report.signing-date


def test_an_undated_report_gets_a_finding_and_its_deadline_cannot_be_judged(ruleset: RuleSet) -> None:
    report = check_data(UNDATED.encode("utf-8"), "r.txt", ruleset)
    assert "2025年2月18日" in COMPLIANT and report.metadata is not None and report.metadata.signed is None
    assert signing(report) == ("fail", ("missing",))
    deadline = next(r for r in report.results if r.rule.id == "report.deadline")
    assert deadline.status == "not_applicable" and "report.signing-date" in deadline.note
    assert report.status == "pass"  # a warning: drafts are dated when signed


def test_a_web_page_dated_only_in_its_information_table(ruleset: RuleSet) -> None:
    page = portal_page(UNDATED, info="发布时间：2025-03-20 09:30　来源：青山县人民政府", head="")
    page = page.replace('<div class="content" id="zoom">', TABLE.format(date="2025-02-18") + '<div class="content" id="zoom">')
    report = check_data(page.encode("utf-8"), "r.html", ruleset)
    assert report.metadata is not None and report.metadata.signed == dt.date(2025, 2, 18)
    status, codes = signing(report)
    assert status == "pass" and codes == ()
    result = next(r for r in report.results if r.rule.id == "report.signing-date")
    assert result.note == "成文日期 2025年2月18日（取自网页的信息公开栏，正文落款中没有）"
    deadline = next(r for r in report.results if r.rule.id == "report.deadline")
    assert deadline.status == "pass"  # the deadline is judged from the table's date
    # the label and the date in one cell; a late date is then late
    late = page.replace(TABLE.format(date="2025-02-18"), '<p class="meta">成文日期：2025年03月20日</p>')
    report = check_data(late.encode("utf-8"), "r.html", ruleset)
    assert report.metadata is not None and report.metadata.signed == dt.date(2025, 3, 20)
    assert {f.code for r in report.results if r.rule.id == "report.deadline" for f in r.findings} == {"signed-late"}


def test_a_web_page_with_no_date_anywhere(ruleset: RuleSet) -> None:
    report = check_data(portal_page(UNDATED).encode("utf-8"), "r.html", ruleset)
    assert signing(report) == ("fail", ("missing",))


@needs_shared
def test_signing_date_agrees_with_the_hand_labels(ruleset: RuleSet) -> None:
    """Every labelled report without a 成文日期 gets the finding, every dated one passes (seeds, dev corpus)."""
    checked = 0
    for labels_path, folder in ((LABELS, SEEDS), (SHARED / "corpus" / "dev" / "labels.yaml", SHARED / "corpus" / "dev")):
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        for name, label in labels.items():
            path = folder / name
            if not path.is_file():
                continue
            report = check_path(str(path), ruleset)
            status, _ = signing(report)
            assert status == ("fail" if label["signed"] is None else "pass"), name
            checked += 1
    assert checked == 25


# --------------------------------------------------------------------------- suppressions as claims


def suppressed_report(ruleset: RuleSet, tmp_path: Path, rules: str, accept: bool = False) -> FileReport:
    path = tmp_path / "r.txt"
    path.write_text(f"<!-- fazhi-lint-disable {rules} -- 本局主要负责人履职情况已另行专题报告 -->\n" + DEFICIENT,
                    encoding="utf-8")
    known = frozenset(r.id for r in ruleset.rules)
    return suppress.apply(check_path(str(path), ruleset), suppress.Policy(accept=accept), known)


def test_reviewer_notes_list_each_suppressed_rule_errors_first(ruleset: RuleSet, tmp_path: Path) -> None:
    report = suppressed_report(ruleset, tmp_path, "decision.directory,report.first-responsible")
    notes = reviewer_notes(report)
    assert [(n.rule, n.severity, n.state, n.blocks) for n in notes] == [
        ("report.first-responsible", "error", "单位说明不适用（待核实）", True),
        ("decision.directory", "warning", "单位说明不适用（待核实）", False),
    ]
    assert notes[0].title == "第一责任人职责履行情况" and notes[0].reason == "本局主要负责人履职情况已另行专题报告"
    assert notes[0].source.endswith("r.txt:1") and "第一责任人" in notes[0].message
    accepted = reviewer_notes(suppressed_report(ruleset, tmp_path, "report.first-responsible", accept=True))
    assert [(n.state, n.blocks) for n in accepted] == [("单位说明不适用（已认可）", False)]


def test_opinion_does_not_call_a_claimed_report_compliant(ruleset: RuleSet, tmp_path: Path) -> None:
    """Every error of the deficient example suppressed: no 基本符合要求 until the reviewer accepts."""
    report = suppressed_report(ruleset, tmp_path, "report.first-responsible,report.deadline,decision.comment-period")
    assert status_of(report).text == ("未通过（单位说明不适用（待核实）：第一责任人职责履行情况、报送和公开时限、"
                                      "公开征求意见期限）")
    (row,) = build_summary([report], ruleset).rows
    text = render_opinion(row)
    assert "基本符合要求" not in text and "待核实后确定是否符合要求" in text
    assert row.status_text.startswith("未通过（单位说明不适用（待核实）：")
    accepted = suppressed_report(ruleset, tmp_path, "report.first-responsible,report.deadline,decision.comment-period",
                                 accept=True)
    (row,) = build_summary([accepted], ruleset).rows
    assert row.status == "pass" and "基本符合要求" in render_opinion(row)


def test_github_annotations_say_why_a_claimed_report_fails(ruleset: RuleSet, tmp_path: Path) -> None:
    report = suppressed_report(ruleset, tmp_path, "report.first-responsible")
    out = io.StringIO()
    formatter = GithubFormatter(out, ruleset)
    formatter.add(report)
    lines = [line for line in out.getvalue().splitlines() if "title=单位说明不适用" in line]
    assert len(lines) == 1 and lines[0].startswith("::error ")
    assert "第一责任人职责履行情况（report.first-responsible）" in lines[0] and "--accept-suppressions" in lines[0]


def test_json_of_a_pass_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    from validator import cli

    cli.main(["check", str(EXAMPLES / "compliant.txt"), "--format", "json"])
    entry = json.loads(capsys.readouterr().out)["files"][0]
    assert (entry["status"], entry["status_reason"], entry["failing_rules"], entry["pending_rules"]) == \
        ("pass", "没有错误级问题", [], [])
