from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from validator import engine
from validator.engine import RuleResult
from validator.model import Document, SourceDocument
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


def pytest_configure(config: pytest.Config) -> None:
    # the tests' rule-set cache lives in a fresh directory, never in the user's home (subprocesses inherit it)
    import os
    import tempfile

    os.environ["FAZHI_LINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="fazhi-lint-cache-")
    # PDFs are read in this process, so that tests can patch the reader's limits and engines;
    # tests/readers/test_isolated.py reads them in the child process as a user's run does
    os.environ["FAZHI_LINT_NO_ISOLATION"] = "1"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line naming what was skipped and why, so a run without ../shared or Chromium says so."""
    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if reasons:
        parts = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
        terminalreporter.write_line(f"skipped {sum(reasons.values())} tests: {parts}")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


def source_of(text: str, name: str = "t.txt") -> SourceDocument:
    return SourceDocument(path=name, format=name.rsplit(".", 1)[-1], lines=split_lines(textwrap.dedent(text)))


# A rule example that needs last year's report holds both, each under its marker line.
PREVIOUS_MARK = "【上年报告】"
CURRENT_MARK = "【本年报告】"


def split_example(text: str) -> tuple[str, str | None]:
    """(this year's text, last year's text or None) of a rule example."""
    text = textwrap.dedent(text)
    if CURRENT_MARK not in text:
        return text, None
    before, after = text.split(CURRENT_MARK, 1)
    return after.lstrip("\n"), before.replace(PREVIOUS_MARK, "", 1).strip("\n") + "\n"


def run_rule(ruleset: RuleSet, rule_id: str, text: str, previous: str | None = None) -> RuleResult:
    last_year = analyse(source_of(previous, "previous.txt"), ruleset.classifier) if previous is not None else None
    return run_rule_on(ruleset, rule_id, source_of(text), last_year)


def run_rule_on(ruleset: RuleSet, rule_id: str, source: SourceDocument, previous: Document | None = None) -> RuleResult:
    """The result of one rule on a source document as a reader produced it."""
    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    only = ruleset._replace(rules=(rule,))
    (result,) = engine.run(analyse(source, ruleset.classifier), only, previous)
    return result


def check_text(ruleset: RuleSet, text: str, previous: str | None = None) -> FileReport:
    last_year = analyse(source_of(previous, "previous.txt"), ruleset.classifier) if previous is not None else None
    return check_source(source_of(text), ruleset, last_year)
