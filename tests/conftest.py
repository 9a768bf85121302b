from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Protocol

import pytest

from validator import ruletest
from validator.engine import RuleResult
from validator.model import Document, SourceDocument
from validator.pipeline import FileReport, analyse, check_source
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


class CliRun(Protocol):
    """The command line run in this process: (exit code, stdout, stderr)."""

    def __call__(self, *argv: str, exits: bool = False) -> tuple[int, str, str]: ...


@pytest.fixture
def cli_run(capsys: pytest.CaptureFixture[str]) -> CliRun:
    """``cli_run("check", path)``: run ``fazhi-lint`` in this process and capture what it printed.

    ``exits=True`` for the runs where argparse itself exits (usage errors, ``-h``): its SystemExit
    becomes the exit code. Otherwise a SystemExit propagates, as it would from ``cli.main``.
    """
    from validator import cli  # imported when first used, as the test files did, after pytest_configure

    def run(*argv: str, exits: bool = False) -> tuple[int, str, str]:
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            if not exits:
                raise
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def source_of(text: str, name: str = "t.txt") -> SourceDocument:
    return ruletest.source_of(text, name)


def run_rule(ruleset: RuleSet, rule_id: str, text: str, previous: str | None = None) -> RuleResult:
    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    return ruletest.run_rule(ruleset, rule, text, previous)


def run_rule_on(ruleset: RuleSet, rule_id: str, source: SourceDocument, previous: Document | None = None) -> RuleResult:
    """The result of one rule on a source document as a reader produced it."""
    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    return ruletest.run_rule_on(ruleset, rule, source, previous)


def check_text(ruleset: RuleSet, text: str, previous: str | None = None) -> FileReport:
    last_year = analyse(source_of(previous, "previous.txt"), ruleset.classifier) if previous is not None else None
    return check_source(source_of(text), ruleset, last_year)
