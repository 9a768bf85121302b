"""Precision lists for every alarm rule (tests/rules/precision/<rule>.yaml): legitimate sentences that must
stay silent beside the ones that must fire. An alarm is a finding that asserts a violation (a period below
the minimum, a mismatched rate, a stale year, a late date); a reviewer stops trusting a checker after one
false alarm, so each reading that keeps a rule silent is pinned here with the reason it is lawful."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_rule
from validator.ruleset import RuleSet

PRECISION_DIR = Path(__file__).parent / "precision"
ALARM_RULES = {"decision.comment-period", "decision.legality-review", "data.percent-range",
               "data.ratio-consistency", "data.year-consistency", "report.deadline", "report.title-year"}


def _entries(kind: str) -> list[Any]:
    out = []
    for path in sorted(PRECISION_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, entry in enumerate(data.get(kind, [])):
            out.append(pytest.param(data["rule"], set(data["alarm"]), entry, id=f"{data['rule']}::{kind}{i}"))
    return out


@pytest.mark.parametrize(("rule_id", "alarm", "entry"), _entries("silent"))
def test_legitimate_sentences_stay_silent(ruleset: RuleSet, rule_id: str, alarm: set[str], entry: dict[str, str]) -> None:
    result = run_rule(ruleset, rule_id, entry["text"])
    raised = [f.message for f in result.findings if f.code in alarm]
    assert raised == [], f"{entry['why']}: {raised}"


@pytest.mark.parametrize(("rule_id", "alarm", "entry"), _entries("fires"))
def test_violations_fire(ruleset: RuleSet, rule_id: str, alarm: set[str], entry: dict[str, str]) -> None:
    result = run_rule(ruleset, rule_id, entry["text"])
    raised = [f for f in result.findings if f.code in alarm]
    assert raised, f"{entry['why']}: {[f.message for f in result.findings]}"
    assert all(f.quote for f in raised if f.severity == "error"), "an error-level finding quotes its claim"


def test_every_alarm_rule_has_both_lists(ruleset: RuleSet) -> None:
    lists = {yaml.safe_load(p.read_text(encoding="utf-8"))["rule"]: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in PRECISION_DIR.glob("*.yaml")}
    for rule_id in ALARM_RULES:
        assert ruleset.get(rule_id) is not None, rule_id
        assert lists.get(rule_id, {}).get("silent") and lists[rule_id].get("fires"), rule_id
