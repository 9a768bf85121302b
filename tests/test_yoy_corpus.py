"""The issue's bar on the labelled year-over-year corpus in ../shared/corpus/yoy (skipped without it):
delivered items found ≥ 90%, at most one undelivered or postponed item called delivered, every partly
item judged partly, every copied problems section caught with no false alarm, every pair paired in a batch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SHARED
from validator import engine, yoy
from validator.batch import run_batch
from validator.pipeline import load_document
from validator.ruleset import RuleSet

CORPUS = SHARED / "corpus" / "yoy"
TOOL = SHARED / "tools" / "yoy_agreement.py"
needs_corpus = pytest.mark.skipif(not (CORPUS / "labels.yaml").is_file(), reason="../shared/corpus/yoy not present")
LABEL = {"delivered": "delivered", "partly": "partly", "not-delivered": "not_found", "postponed": "postponed"}


def _pairs() -> list[dict[str, Any]]:
    if not (CORPUS / "labels.yaml").is_file():
        return []
    pairs: list[dict[str, Any]] = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))["pairs"]
    return pairs


def _run(ruleset: RuleSet, rule_id: str, pair: dict[str, Any]) -> engine.RuleResult:
    rule = ruleset.get(rule_id)
    assert rule is not None
    current = load_document(str(CORPUS / pair["current"]), ruleset)
    previous = load_document(str(CORPUS / pair["previous"]), ruleset)
    (result,) = engine.run(current, ruleset._replace(rules=(rule,)), previous)
    return result


def _verdicts(ruleset: RuleSet, pair: dict[str, Any]) -> list[str]:
    """The rule's verdict on each labelled item, from the check's own outcome per item."""
    rule = ruleset.get("report.plan-followthrough")
    assert rule is not None
    from validator.checks.yoy import compare_plans

    current = load_document(str(CORPUS / pair["current"]), ruleset)
    previous = load_document(str(CORPUS / pair["previous"]), ruleset)
    deliveries = compare_plans(current, previous, rule.params, current.paragraphs_of(rule.scope), ruleset.vocabulary)
    assert not isinstance(deliveries, str), deliveries
    assert len(deliveries) == len(pair["plan"])
    assert all(isinstance(d, yoy.Delivery) for d in deliveries)
    return [d.outcome for d in deliveries]


@needs_corpus
def test_plan_follow_through_meets_the_bar(ruleset: RuleSet) -> None:
    items = [(got, LABEL[lab["label"]]) for pair in _pairs()
             for got, lab in zip(_verdicts(ruleset, pair), pair["plan"])]
    delivered = [got for got, want in items if want == "delivered"]
    assert sum(g == "delivered" for g in delivered) >= 0.9 * len(delivered)
    assert sum(got == "delivered" for got, want in items if want in ("not_found", "postponed")) <= 1
    assert [got for got, want in items if want == "partly"] == ["partly"] * sum(w == "partly" for _, w in items)


@needs_corpus
@pytest.mark.parametrize("pair", _pairs(), ids=[p["name"] for p in _pairs()])
def test_copied_problems_are_caught_without_false_alarm(ruleset: RuleSet, pair: dict[str, Any]) -> None:
    result = _run(ruleset, "report.repeated-problems", pair)
    flagged = any(f.code == "problem-repeated" for f in result.findings)
    assert flagged == pair["problems_copied"]


@needs_corpus
def test_a_batch_pairs_every_labelled_pair(ruleset: RuleSet) -> None:
    reports = {Path(r.path).name: r for r in run_batch([str(CORPUS)], ruleset)}
    for pair in _pairs():
        previous = reports[pair["current"]].previous
        assert previous is not None and Path(previous).name == pair["previous"], pair["name"]


@needs_corpus
def test_the_shared_agreement_tool_agrees() -> None:
    cli = f"{sys.executable} -m validator"
    proc = subprocess.run([sys.executable, str(TOOL), "--cli", cli, "--min-recall", "90", "--max-false", "1"],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


@needs_corpus
def test_the_blind_pairs_hold_their_first_contact_level() -> None:
    """examples/yoy2: four pairs written blind (the writer read neither code nor rules). First contact:
    delivered recall 12/16, 2 of 10 undelivered or postponed items called delivered. A floor, not a goal:
    it must not get worse (the labels are not tuned to)."""
    cli = f"{sys.executable} -m validator"
    folder = ROOT / "examples" / "yoy2"
    proc = subprocess.run([sys.executable, str(TOOL), str(folder / "labels.yaml"), str(folder), "--cli", cli,
                           "--min-recall", "75", "--max-false", "2"],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
