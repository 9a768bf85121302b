"""Per-rule cases kept beside each other in YAML (tests/rules/cases/<rule id>.yaml), plus the
passing and failing examples every rule carries in its own rule file (run as ``rules --test`` runs them).

A case is report text (``text``), or a .docx built by tests/layoutdocx.py (``docx``: the fields of
``Layout`` that differ from a correctly laid out 公文) for the rules that read a .docx's layout, with
last year's report (``previous``) where the rule compares. Like sqlfluff's ``configs`` and ``fix_str``,
a case may set some of the rule's parameters for itself (``params``, over the rule file's) and give the
text the rule's fixes make of it (``fixed``, as ``check --fix`` applies them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from validator import ruletest
from validator.errors import ConfigError
from validator.checks import CHECK_TYPES
from validator.engine import RuleResult
from validator.readers import read_bytes
from validator.ruleset import Rule, RuleSet, load_ruleset, prepare_params, read_yaml_file

CASES_DIR = Path(__file__).parent / "cases"


def raw_params(rule: Rule) -> dict[str, Any]:
    """The rule's ``params`` as its rule file writes them."""
    data, _ = read_yaml_file(Path(rule.source))
    raw = next(r for r in data["rules"] if r["id"] == rule.id)
    return dict(raw.get("params", {}))


def case_rule(ruleset: RuleSet, rule_id: str, case: dict[str, Any]) -> Rule:
    """The rule, with the case's ``params`` over the rule file's (checked and compiled as a rule file's are)."""
    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    if "params" not in case:
        return rule
    return rule._replace(params=prepare_params(rule.check, {**raw_params(rule), **case["params"]}, f"{rule_id} 的用例"))


def run_case(ruleset: RuleSet, rule_id: str, case: dict[str, Any]) -> RuleResult:
    rule = case_rule(ruleset, rule_id, case)
    if "docx" in case:
        from tests.layoutdocx import Layout, build

        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in case["docx"].items()}
        return ruletest.run_rule_on(ruleset, rule, read_bytes(build(Layout(**fields)), "case.docx"))
    return ruletest.run_rule(ruleset, rule, case["text"], case.get("previous"))


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{data['rule']}::{case['name']}"))
    return out


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(ruleset: RuleSet, rule_id: str, case: dict[str, Any]) -> None:
    result = run_case(ruleset, rule_id, case)
    assert result.status == case["status"], [f.message for f in result.findings]
    if "credit" in case:
        assert result.credit == pytest.approx(case["credit"])
    if "findings" in case:
        got = sorted((f.code, f.severity, f.location.line if f.location else None) for f in result.findings)
        want = sorted((f["code"], f["severity"], f.get("line")) for f in case["findings"])
        assert got == want
    if "evidence" in case:
        quotes = " ".join(e.match for e in result.evidence)
        assert case["evidence"] in quotes
    if "messages" in case:  # words each finding's message must contain, in order
        assert len(result.findings) == len(case["messages"])
        for finding, words in zip(result.findings, case["messages"]):
            assert words in finding.message, finding.message
    if "fixed" in case:  # the text after the rule's own fixes, applied as check --fix applies them
        rule = case_rule(ruleset, rule_id, case)
        assert ruletest.fixed_text(ruleset, rule, case["text"], case.get("previous"))[0] == case["fixed"]


def test_a_case_sets_the_rules_params_over_the_rule_files(ruleset: RuleSet) -> None:
    body = "全年组织集体学法12次，制定并公开重大行政决策事项目录，法律顾问参与审核合同46份，执法案卷评查覆盖全部执法部门。"
    assert 50 <= len(body) < 100
    text = f"一、主要举措和成效\n{body}\n"
    assert run_case(ruleset, "report.measures", {"text": text}).status == "pass"  # min_chars: 50 in the rule file
    assert run_case(ruleset, "report.measures", {"text": text, "params": {"min_chars": 100}}).status == "partial"
    # the rest of the rule file's params stay: mentions still give part of the credit
    mentioned = {"text": "二、存在的不足\n第一责任人亲自部署。\n", "params": {"min_chars": 100}}
    assert run_case(ruleset, "report.first-responsible", mentioned).status == "partial"


def test_a_cases_params_are_checked_as_a_rule_files_are(ruleset: RuleSet) -> None:
    with pytest.raises(ConfigError) as info:
        case_rule(ruleset, "report.measures", {"params": {"min_chars": -1, "mentions": ["(未闭合"], "typo": 1}})
    *schema, compiled = info.value.lines()  # the schema's problems, then compiling's
    assert set(schema) == {
        "report.measures 的用例: ==> At key: min_chars: -1 太小（不小于 0）",
        "report.measures 的用例: ==> At key: typo: 未知的键 'typo'（可用：allow_subsection、kind、mention_credit、"
        "mentions、min_chars）",
    }
    assert compiled.startswith("report.measures 的用例: ==> At key: mentions ==> At index 0: 无效的正则表达式 '(未闭合'")


def _rules() -> list[Any]:
    return [pytest.param(rule.id, id=rule.id) for rule in load_ruleset().rules]


@pytest.mark.parametrize("rule_id", _rules())
def test_rule_examples(ruleset: RuleSet, rule_id: str) -> None:
    """Each rule's passing examples pass, failing ones fail, and each ``fixed`` is what the fixes make."""
    rule = ruleset.get(rule_id)
    assert rule is not None
    outcome = ruletest.check_rule(ruleset, rule)
    assert outcome.failures == ()
    # the .docx layout rules describe their examples in words; their cases are built .docx files
    assert (outcome.skipped != "") == CHECK_TYPES[rule.check].reads_layout


def test_every_rule_is_documented_and_has_both_examples(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        assert rule.basis and rule.why and rule.hint and rule.message, rule.id
        assert rule.examples.get("pass") and rule.examples.get("fail"), rule.id


def test_every_rule_has_a_case_file(ruleset: RuleSet) -> None:
    covered = {p.stem for p in CASES_DIR.glob("*.yaml")}
    assert {r.id for r in ruleset.rules} <= covered


def test_every_docx_rule_has_passing_and_failing_docx_cases(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        if not CHECK_TYPES[rule.check].reads_layout:
            continue
        cases = yaml.safe_load((CASES_DIR / f"{rule.id}.yaml").read_text(encoding="utf-8"))["cases"]
        statuses = {c["status"] for c in cases if "docx" in c}
        assert "pass" in statuses and statuses & {"fail", "partial"}, rule.id
        assert any(c["status"] == "not_applicable" and "text" in c for c in cases), rule.id
