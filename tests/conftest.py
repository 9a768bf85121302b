from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from validator import engine
from validator.engine import RuleResult
from validator.model import SourceDocument
from validator.pipeline import FileReport, analyse, check_source
from validator.readers.text import split_lines
from validator.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
FORMATS = SHARED / "corpus" / "formats"
LABELS = SHARED / "corpus" / "labels.yaml"

needs_shared = pytest.mark.skipif(not LABELS.is_file(), reason="../shared corpus not present")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


def source_of(text: str, name: str = "t.txt") -> SourceDocument:
    return SourceDocument(path=name, format=name.rsplit(".", 1)[-1], lines=split_lines(textwrap.dedent(text)))


def run_rule(ruleset: RuleSet, rule_id: str, text: str) -> RuleResult:
    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    only = dataclasses.replace(ruleset, rules=(rule,))
    document = analyse(source_of(text), ruleset.classifier)
    (result,) = engine.run(document, only)
    return result


def check_text(ruleset: RuleSet, text: str) -> FileReport:
    return check_source(source_of(text), ruleset)
