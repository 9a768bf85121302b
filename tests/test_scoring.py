from __future__ import annotations

import pytest

from tests.conftest import check_text
from validator.ruleset import RuleSet

FULL = (
    "某某区人民政府\n关于2024年度法治政府建设情况的报告\n"
    "一、主要举措和成效\n制定并公开《2024年度重大行政决策事项目录》。落实公众参与、专家论证、风险评估、合法性审查、集体讨论决定程序，"
    "征求意见不少于30日，合法性审查不少于7个工作日。全年组织学法12次，办理复议案件20件。\n"
    "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人重要工作亲自部署。\n"
    "三、存在的不足和原因\n学法不够，原因是制度执行不严。\n"
    "四、2025年主要工作安排\n继续学法。\n某某区人民政府\n2025年2月1日\n"
)


# Rules that compare with last year's report; a report checked on its own leaves them out.
NEEDS_PREVIOUS = {"report.plan-followthrough", "report.repeated-problems"}


def test_all_rules_pass_scores_100(ruleset: RuleSet) -> None:
    report = check_text(ruleset, FULL)
    layout = {r.rule.id for r in report.results if r.rule.id.startswith("layout.")}  # a text has no layout
    aside = NEEDS_PREVIOUS | layout
    assert [r.rule.id for r in report.results if r.status != "pass" and r.rule.id not in aside] == []
    assert {r.rule.id for r in report.results if r.status == "not_applicable"} == aside
    assert report.score is not None and report.score.value == 100.0 and report.status == "pass"


def test_score_is_weighted_credit_over_applicable_weight(ruleset: RuleSet) -> None:
    # drop the signing date (deadline and date form become not applicable, report.signing-date fails: warning,
    # weight 3) and the causes (warning, weight 5)
    text = FULL.replace("，原因是制度执行不严", "").replace("不足和原因", "问题和不足").replace("2025年2月1日\n", "")
    report = check_text(ruleset, text)
    layout = {r.rule.id for r in report.results if r.rule.id.startswith("layout.")}  # a text has no layout
    assert {r.rule.id for r in report.results if r.status == "not_applicable"} == \
        {"report.deadline", "format.date", *NEEDS_PREVIOUS, *layout}  # no date: neither its deadline nor its form
    applicable = sum(r.rule.weight for r in report.results if r.status != "not_applicable")
    assert report.score is not None
    assert report.score.value == pytest.approx(round(100 * (applicable - 5 - 3) / applicable, 1))
    assert report.status == "pass"  # only warnings failed
    assert report.score.failing == () and report.score.pending == ()


def test_a_failed_error_rule_fails_the_report(ruleset: RuleSet) -> None:
    text = FULL.replace("二、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人重要工作亲自部署。\n", "")
    report = check_text(ruleset, text)
    assert report.status == "fail"
    # why, beside the score: the rule whose error-severity finding failed it
    assert report.score is not None and report.score.failing == ("report.first-responsible",)
    from validator.verdict import status_of

    status = status_of(report)
    assert status.text == "未通过（错误：第一责任人职责履行情况）"


def test_pass_and_fail_do_not_follow_the_score(ruleset: RuleSet) -> None:
    """A report missing only warnings can score lower than one missing a statutory section, and still pass:
    the status says whether anything must be fixed, the score how much of the checklist is met."""
    from validator.verdict import status_of

    weak = FULL.replace("，原因是制度执行不严", "").replace("不足和原因", "问题和不足")
    weak = weak.replace("制定并公开《2024年度重大行政决策事项目录》。", "").replace(
        "落实公众参与、专家论证、风险评估、合法性审查、集体讨论决定程序，征求意见不少于30日，合法性审查不少于7个工作日。",
        "全年办理行政许可事项1200件，开展执法检查86次，组织法治宣传活动24场，群众满意度持续提升。")
    missing = FULL.replace("二、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人重要工作亲自部署。\n", "")
    passed, failed = check_text(ruleset, weak), check_text(ruleset, missing)
    assert passed.score is not None and failed.score is not None
    assert passed.score.value is not None and failed.score.value is not None
    assert passed.score.value < failed.score.value
    assert status_of(passed).text == "通过（没有错误级问题）"
    assert status_of(failed).text == "未通过（错误：第一责任人职责履行情况）"
