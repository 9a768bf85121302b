"""Per-rule cases kept beside each other in YAML (tests/rules/cases/<rule id>.yaml), plus the
passing and failing examples every rule carries in its own rule file.

A case is report text (``text``), or a .docx built by tests/layoutdocx.py (``docx``: the fields of
``Layout`` that differ from a correctly laid out 公文) for the rules that read a .docx's layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_rule, run_rule_on, split_example
from validator.engine import RuleResult
from validator.readers import read_bytes
from validator.ruleset import RuleSet, load_ruleset

CASES_DIR = Path(__file__).parent / "cases"
# Check types that read a .docx's layout: their examples in the rule files describe a layout in words
# (for `explain`); their passing and failing cases are .docx files built from the case files.
DOCX_CHECKS = frozenset({"page-size", "page-margins", "paragraph-font", "line-spacing", "page-number",
                         "signing-date-alignment"})


def run_case(ruleset: RuleSet, rule_id: str, case: dict[str, Any]) -> RuleResult:
    if "docx" in case:
        from tests.layoutdocx import Layout, build

        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in case["docx"].items()}
        return run_rule_on(ruleset, rule_id, read_bytes(build(Layout(**fields)), "case.docx"))
    return run_rule(ruleset, rule_id, case["text"], case.get("previous"))


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


def _examples() -> list[Any]:
    out = []
    for rule in load_ruleset().rules:
        if rule.check in DOCX_CHECKS:
            continue  # described in words; see test_every_docx_rule_has_passing_and_failing_docx_cases
        for kind in ("pass", "fail"):
            for i, text in enumerate(rule.examples.get(kind, ())):
                out.append(pytest.param(rule.id, kind, text, id=f"{rule.id}::{kind}{i}"))
    return out


@pytest.mark.parametrize(("rule_id", "kind", "text"), _examples())
def test_rule_examples(ruleset: RuleSet, rule_id: str, kind: str, text: str) -> None:
    current, previous = split_example(text)
    result = run_rule(ruleset, rule_id, current, previous)
    if kind == "pass":
        assert result.status == "pass", [f.message for f in result.findings]
    else:
        assert result.status in ("fail", "partial")
        assert result.findings


def test_every_rule_is_documented_and_has_both_examples(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        assert rule.basis and rule.why and rule.hint and rule.message, rule.id
        assert rule.examples.get("pass") and rule.examples.get("fail"), rule.id


def test_every_rule_has_a_case_file(ruleset: RuleSet) -> None:
    covered = {p.stem for p in CASES_DIR.glob("*.yaml")}
    assert {r.id for r in ruleset.rules} <= covered


def test_every_docx_rule_has_passing_and_failing_docx_cases(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        if rule.check not in DOCX_CHECKS:
            continue
        cases = yaml.safe_load((CASES_DIR / f"{rule.id}.yaml").read_text(encoding="utf-8"))["cases"]
        statuses = {c["status"] for c in cases if "docx" in c}
        assert "pass" in statuses and statuses & {"fail", "partial"}, rule.id
        assert any(c["status"] == "not_applicable" and "text" in c for c in cases), rule.id
