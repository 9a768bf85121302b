"""The reviewer's table, built once from the checked reports; every summary format renders this.

Rows are sorted worst first: unreadable reports (the reviewer must ask for a readable copy), then
failing ones, then passing ones; within each, lowest score first. "Missing or failing elements" are
the rules whose status is fail or partial.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from validator import __version__
from validator.engine import RuleResult
from validator.model import KIND_NAME, STATUS_MARK, Finding, Location
from validator.pipeline import FileReport
from validator.ruleset import Rule, RuleSet
from validator.suppress import ACCEPTED, CLAIMED
from validator.verdict import ReviewerNote, reviewer_notes, status_of

STATUS_NAME = {"pass": "通过", "fail": "未通过", "error": "无法读取"}
CHECK_NAME = {"pass": "通过", "partial": "部分通过", "fail": "未通过", "not_applicable": "不适用", "error": "出错"}
CHECK_MARK = STATUS_MARK
_STATUS_ORDER = {"error": 0, "fail": 1, "pass": 2}
# A report without last year's report to compare with: the year-over-year rules are left out of its score.
UNPAIRED = "发文机关变更或未提供上年报告，未与上年报告对照（上年安排落实等不计分）"
YEAR_OVER_YEAR_CHECKS = frozenset({"plan-followthrough", "repeated-problems"})


@dataclass(frozen=True)
class Quote:
    where: str  # 第12行第3列 / 第4段 / 第2页 第7行; "" when the finding has no place in the text
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Issue:
    """One finding, in the words a reviewer's letter needs."""

    rule: str
    title: str
    severity: str
    message: str
    quote: Quote
    basis: str
    hint: str
    code: str = ""  # the finding's problem code ("rule-error": the rule could not run on the report)


@dataclass(frozen=True)
class Check:
    """One checklist line of one report."""

    rule: str
    title: str
    status: str
    points: float | None  # weight × credit; None when not applicable
    weight: float
    evidence: tuple[Quote, ...]
    issues: tuple[Issue, ...]
    note: str


@dataclass(frozen=True)
class Suppression:
    issue: Issue
    reason: str
    source: str
    accepted: bool = False  # a reviewer accepted it; until then the drafter's claim, 待核实

    @property
    def state(self) -> str:
        """单位说明不适用（待核实） / 单位说明不适用（已认可）."""
        return ACCEPTED if self.accepted else CLAIMED


@dataclass(frozen=True)
class Row:
    """One report in the reviewer's table."""

    path: str
    name: str  # the path as shown: relative to the working directory when under it
    title: str
    issuer: str
    year: int | None
    kind: str  # 政府 | 部门 | ""
    score: float | None
    status: str  # pass | fail | error
    failing: tuple[Check, ...]  # checklist lines that failed or partly passed
    checks: tuple[Check, ...]
    issues: tuple[Issue, ...]
    suppressed: tuple[Suppression, ...]
    error: str | None
    previous: str | None = None  # last year's report it was compared with
    notes: tuple[str, ...] = ()  # what the reviewer should know beside the checklist (UNPAIRED)
    # why it passed or failed (validator.verdict): "错误：第一责任人职责履行情况", "没有错误级问题"
    reason: str = ""
    # for the reviewer only, never for the letter: the drafter's suppressions to verify (validator.verdict)
    reviewer_notes: tuple[ReviewerNote, ...] = ()

    @property
    def status_name(self) -> str:
        return STATUS_NAME.get(self.status, self.status)

    @property
    def status_text(self) -> str:
        """The status with its reason, for every table: "未通过（错误：第一责任人职责履行情况）"."""
        return f"{self.status_name}（{self.reason}）" if self.reason else self.status_name

    @property
    def missing(self) -> str:
        """The failing elements as one line, for tables: 第一责任人履职情况（部分通过）、…"""
        if self.error is not None:
            return self.error
        suppressed = {s.issue.rule: "已认可" if s.accepted else "待核实" for s in self.suppressed}
        failing = "、".join(c.title + ("（部分）" if c.status == "partial" else "")
                           + (f"（单位说明不适用，{suppressed[c.rule]}）" if c.rule in suppressed else "")
                           for c in self.failing)
        return "；".join(part for part in (failing, *self.notes) if part)


@dataclass(frozen=True)
class RuleRate:
    rule: str
    title: str
    severity: str
    weight: float
    passed: int
    partial: int
    failed: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.passed + self.partial + self.failed

    @property
    def rate(self) -> float | None:
        """Share of the reports the rule applied to that fully passed it."""
        return None if self.applicable == 0 else self.passed / self.applicable


@dataclass(frozen=True)
class Summary:
    rows: tuple[Row, ...]
    rates: tuple[RuleRate, ...]
    tool_version: str = __version__

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def suppressed(self) -> int:
        return sum(len(r.suppressed) for r in self.rows)

    @property
    def average(self) -> float | None:
        scores = [r.score for r in self.rows if r.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


# --------------------------------------------------------------------------- building


def display_name(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def quote_of(location: Location | None, text: str) -> Quote:
    if location is None:
        return Quote("", text)
    return Quote(location.describe(), text, location.line)


def issue_of(finding: Finding, rule: Rule | None) -> Issue:
    return Issue(
        rule=finding.rule, title=rule.title if rule else "抑制注释", severity=finding.severity,
        message=finding.message, quote=quote_of(finding.location, finding.quote),
        basis=finding.basis, hint=finding.hint, code=finding.code,
    )


def check_of(result: RuleResult) -> Check:
    points = None if result.credit is None else round(result.credit * result.rule.weight, 2)
    evidence = tuple(quote_of(e.location, e.quote or e.note or e.match) for e in result.evidence)
    issues = tuple(issue_of(f, result.rule) for f in result.findings)
    return Check(result.rule.id, result.rule.title, str(result.status), points, result.rule.weight,
                 evidence, issues, result.note)


def notes_of(report: FileReport) -> tuple[str, ...]:
    """UNPAIRED when a year-over-year rule did not apply for want of last year's report."""
    unpaired = report.error is None and report.previous is None and any(
        r.rule.check in YEAR_OVER_YEAR_CHECKS and r.status == "not_applicable" for r in report.results)
    return (UNPAIRED,) if unpaired else ()


def row_of(report: FileReport, ruleset: RuleSet) -> Row:
    meta = report.metadata
    checks = tuple(check_of(r) for r in report.results)
    return Row(
        path=report.path,
        name=display_name(report.path),
        title=(meta.title if meta else None) or "",
        issuer=(meta.issuer if meta else None) or "",
        year=meta.report_year if meta else None,
        kind=KIND_NAME.get((meta.issuer_kind if meta else None) or "", ""),
        score=report.score.value if report.score else None,
        status=report.status,
        failing=tuple(c for c in checks if c.status in ("fail", "partial")),
        checks=checks,
        issues=tuple(issue_of(f, ruleset.get(f.rule)) for f in report.findings),
        suppressed=tuple(Suppression(issue_of(s.finding, ruleset.get(s.finding.rule)), s.reason, s.source, s.accepted)
                         for s in report.suppressed),
        error=report.error,
        previous=report.previous,
        notes=notes_of(report),
        reason=status_of(report).reason,
        reviewer_notes=tuple(reviewer_notes(report)),
    )


def sort_key(row: Row) -> tuple[int, float, str]:
    return (_STATUS_ORDER.get(row.status, 0), -1.0 if row.score is None else row.score, row.name)


def rates_of(rows: Sequence[Row], ruleset: RuleSet) -> tuple[RuleRate, ...]:
    out = []
    for rule in ruleset.rules:
        if not rule.enabled:
            continue
        statuses = [c.status for row in rows for c in row.checks if c.rule == rule.id]
        out.append(RuleRate(
            rule=rule.id, title=rule.title, severity=rule.severity, weight=rule.weight,
            passed=statuses.count("pass"), partial=statuses.count("partial"), failed=statuses.count("fail"),
            not_applicable=statuses.count("not_applicable"),
        ))
    return tuple(out)


def build_summary(reports: Sequence[FileReport], ruleset: RuleSet) -> Summary:
    rows = sorted((row_of(r, ruleset) for r in reports), key=sort_key)
    return Summary(tuple(rows), rates_of(rows, ruleset))


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"
