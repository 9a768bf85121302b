"""The records a check produces: a rule's result, the score, a suppressed finding, the report of one file.

They live here, beside the model and apart from the code that makes them (engine, scoring, suppress,
pipeline), so that whatever only reads results — formatters, summaries, annotation, fixing, the batch
runner — can import them without loading the pipeline, and the pipeline's own modules can name them
without importing each other in a circle. This module imports only the model and the standard library
at run time. The old homes (validator.engine, .scoring, .suppress, .pipeline) still export these names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from validator.model import Document, Evidence, Finding, Metadata, Status

if TYPE_CHECKING:
    from validator.ruleset import Rule

# The problem code of a rule that could not run to the end on a report; its findings are warnings
# unless the rule's ``levels`` say otherwise, so --fail-on warning (not the default) fails on them.
RULE_ERROR = "rule-error"
RULE_ERROR_SEVERITY = "warning"

# The problem code of the one finding that stands for a rule's findings past MAX_FINDINGS_PER_RULE.
MORE_FINDINGS = "more-findings"

# The pseudo-rule under which a section-classifier pattern that ran out of time is reported.
SECTIONS_RULE = "fazhi-lint.sections"

# The pseudo-rule that reports a faulty suppression directive.
DIRECTIVE_RULE = "fazhi-lint.suppression"

# How a suppression is shown: the drafter's claim, before and after a reviewer accepts it.
CLAIMED = "单位说明不适用（待核实）"
ACCEPTED = "单位说明不适用（已认可）"


class RuleResult(NamedTuple):
    rule: Rule
    status: Status | str  # also "error" when the rule itself failed to run
    credit: float | None
    evidence: Sequence[Evidence] = ()
    findings: Sequence[Finding] = ()
    note: str = ""


class Score(NamedTuple):
    value: float | None  # None when no rule applied
    status: str  # pass | fail
    # why it fails: the rules with an error-severity finding, in rule-set order
    failing: tuple[str, ...] = ()
    # ... and the rules whose error-severity findings the drafter suppressed, awaiting a reviewer
    pending: tuple[str, ...] = ()


class Suppressed(NamedTuple):
    finding: Finding
    reason: str
    source: str  # where the suppression was written: "file:line" of the comment, or the config file
    accepted: bool = False  # a reviewer accepted it (--accept-suppressions / accept-suppressions: true)

    @property
    def state(self) -> str:
        """单位说明不适用（待核实） or （已认可）."""
        return ACCEPTED if self.accepted else CLAIMED

    @property
    def blocks(self) -> bool:
        """Does it keep the report from 通过: an error-severity finding no reviewer has accepted?"""
        return not self.accepted and self.finding.severity == "error"


class FileReport(NamedTuple):
    path: str
    document: Document | None = None
    results: Sequence[RuleResult] = ()
    score: Score | None = None
    error: str | None = None  # why the file could not be read
    suppressed: Sequence[Suppressed] = ()  # findings a reasoned suppression moved aside
    notices: Sequence[Finding] = ()  # findings about the report's own directives
    previous: str | None = None  # path of last year's report it was compared with
    # why the document is not an annual report at all (a cover letter, a 说明.md): summaries leave it out
    not_report: str | None = None
    digest: str | None = None  # fingerprint of the checked text: the same report sent twice has the same one

    @property
    def status(self) -> str:
        if self.error is not None or self.score is None:
            return "error"
        return self.score.status

    @property
    def metadata(self) -> Metadata | None:
        return self.document.metadata if self.document else None

    @property
    def findings(self) -> list[Finding]:
        return [*(f for r in self.results for f in r.findings), *self.notices]

    @property
    def rule_errors(self) -> list[Finding]:
        """Findings of rules (or section patterns) that could not run to the end on this report."""
        return [f for f in self.findings if f.code == RULE_ERROR]


class RunStats:
    """What a run has reported, counted once, report by report, by the code that hands the reports to a
    formatter; the formatter reads it at the end (the closing line, the JSON summary, the CI summary line)."""

    def __init__(self) -> None:
        self.files = self.passed = self.failed = self.errors = self.suppressed = self.findings = 0

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.passed += report.status == "pass"
        self.failed += report.status == "fail"
        self.errors += report.status == "error"
        self.suppressed += len(report.suppressed)
        self.findings += len(report.findings)

    def as_dict(self) -> dict[str, int]:
        """The ``summary`` object of the JSON output (validator/schemas/output.schema.json)."""
        return {"files": self.files, "passed": self.passed, "failed": self.failed, "errors": self.errors,
                "suppressed": self.suppressed}
