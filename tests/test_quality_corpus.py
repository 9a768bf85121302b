"""The quality rules on the real reports: every labelled artifact is reported, and nothing else is.

Each artifact in ../shared/corpus/labels.yaml is mapped to the rule that must report it and a
snippet of the text the finding must point at. The complete list of quality findings on the seeds
is pinned too: each one was reviewed by hand (see the README), so a new one is a decision to make.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import LABELS, SEEDS, needs_shared
from validator.model import Finding
from validator.pipeline import check_path
from validator.ruleset import RuleSet

QUALITY = ("data.", "format.", "terms.", "cite.", "publish.")

# seed → [(words identifying the labelled artifact, rule that reports it, snippet of the finding's quote)]
ARTIFACTS: dict[str, list[tuple[str, str, str]]] = {
    "000_8b4115d30d65c2bd.txt": [
        ("问题 and 不足", "format.conversion-debris", "问题 and 不足"),
        ('"**"', "format.conversion-debris", "**一是法治理论学习"),
        ("高质量", "format.conversion-debris", "高质量起草区政府工作汇报"),
    ],
    "001_f128d8ebbcaf203e.txt": [
        ("PAGE", "format.conversion-debris", "PAGE"),
        ("PAGE", "format.conversion-debris", "- 4 -"),
    ],
    "002_f660ad6afd465363.txt": [
        ("web-page chrome", "format.conversion-debris", "TIELING.GOV.CN"),
        ("web-page chrome", "format.conversion-debris", "点击量: 来源:"),
        ("half-width punctuation", "format.punctuation-width", "2024年,铁岭市人民政府办公室"),
        ("missing numeral", "format.heading-sequence", "、下步工作安排"),
        ("unmatched opening quote", "format.paired-marks", "聚焦“防范金融诈骗宣传"),
        ("法制政府", "terms.preferred", "强化法制政府学习"),
    ],
}

# every quality finding on the seeds: (rule, code, line)
PINNED: dict[str, set[tuple[str, str, int]]] = {
    "000_8b4115d30d65c2bd.txt": {
        ("format.conversion-debris", "latin-word", 25), ("format.conversion-debris", "markdown-marker", 25),
        ("format.conversion-debris", "split-sentence", 15), ("format.conversion-debris", "split-sentence", 25),
        ("format.conversion-debris", "split-sentence", 37),
        # "(2021-2025 年)" and "(2023—2026 年)": half-width parentheses around Chinese text
        ("format.punctuation-width", "half-width-punctuation", 7),
        ("format.punctuation-width", "half-width-punctuation", 13),
    },
    "001_f128d8ebbcaf203e.txt": {
        ("format.conversion-debris", "word-field", 41), ("format.conversion-debris", "page-number", 42),
    },
    "002_f660ad6afd465363.txt": {
        ("format.conversion-debris", "web-chrome", 1), ("format.conversion-debris", "web-chrome", 3),
        ("format.conversion-debris", "web-chrome", 7), ("format.heading-sequence", "heading-numeral-lost", 31),
        ("format.paired-marks", "unmatched-mark", 17), ("terms.preferred", "preferred-term", 15),
        *{("format.punctuation-width", "half-width-punctuation", line)
          for line in (9, 11, 15, 17, 19, 21, 23, 25, 29, 33, 35, 37, 39)},
    },
    "003_9518513bb49fe602.txt": set(),
    # 《党政主要负责人履行推进法治政府建设第一责任人职责规定》: the regulation's title is 推进法治建设
    # (cite.title owns the correction of titles; terms.preferred does not report it a second time)
    "004_c58d531426816b9d.txt": {("cite.title", "near-miss", 15)},
}


def labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return data


def quality_findings(ruleset: RuleSet, name: str) -> list[Finding]:
    report = check_path(str(SEEDS / name), ruleset)
    return [f for f in report.findings if f.rule.startswith(QUALITY)]


@needs_shared
def test_every_labelled_artifact_has_a_mapping() -> None:
    for name, label in labels().items():
        mapped = ARTIFACTS.get(name, [])
        for artifact in label.get("artifacts") or []:
            assert any(words in artifact for words, _, _ in mapped), (name, artifact)


@needs_shared
@pytest.mark.parametrize(("name", "rule", "snippet"),
                         [(n, r, s) for n, items in ARTIFACTS.items() for _, r, s in items])
def test_every_labelled_artifact_is_reported(ruleset: RuleSet, name: str, rule: str, snippet: str) -> None:
    findings = quality_findings(ruleset, name)
    assert any(f.rule == rule and snippet in f.quote for f in findings), [
        (f.rule, f.quote[:40]) for f in findings if f.rule == rule]


@needs_shared
@pytest.mark.parametrize("name", sorted(PINNED))
def test_the_quality_findings_on_the_seeds_are_exactly_the_reviewed_ones(ruleset: RuleSet, name: str) -> None:
    got = {(f.rule, f.code, f.location.line if f.location else 0) for f in quality_findings(ruleset, name)}
    assert got == PINNED[name]
