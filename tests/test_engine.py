from __future__ import annotations

from tests.conftest import check_text
from validator.ruleset import RuleSet


def test_evidence_quotes_the_original_text_with_its_location(ruleset: RuleSet) -> None:
    report = check_text(ruleset, "一、主要举措和成效\n重大行政决策事项向社会公开征求意见超过 ３０ 日。\n")
    result = next(r for r in report.results if r.rule.id == "decision.comment-period")
    (evidence,) = result.evidence
    assert evidence.match == "超过 ３０ 日"
    assert evidence.quote == "重大行政决策事项向社会公开征求意见超过 ３０ 日。"
    assert evidence.location is not None
    assert (evidence.location.line, evidence.location.column) == (2, 18)


def test_findings_are_stamped_by_the_engine(ruleset: RuleSet) -> None:
    report = check_text(ruleset, "一、主要举措和成效\n重大行政决策事项向社会公开征求意见15日。\n")
    (finding,) = [f for f in report.findings if f.rule == "decision.comment-period"]
    rule = ruleset.get("decision.comment-period")
    assert rule is not None
    assert (finding.severity, finding.code, finding.hint, finding.basis) == ("error", "below-minimum", rule.hint, rule.basis)


def test_long_sentences_are_trimmed_around_the_match(ruleset: RuleSet) -> None:
    filler = "，".join(["持续推进法治政府建设各项工作"] * 12)
    report = check_text(ruleset, f"一、主要举措和成效\n{filler}，制定重大行政决策事项目录，{filler}。\n")
    result = next(r for r in report.results if r.rule.id == "decision.directory")
    quote = result.evidence[0].quote
    assert "重大行政决策事项目录" in quote and quote.startswith("…") and quote.endswith("…")
    assert len(quote) <= 125
