"""Why a report passed or failed, in words every output shows beside the score; and what the reviewer
must verify before signing off (the drafter's suppressions).

The rule (validator.scoring): 通过 means no error-severity finding is left and no error-severity finding is
suppressed without a reviewer's acceptance; the score measures the whole checklist, warnings and notes
included. So "63.7 通过" beside "67.3 未通过" is no contradiction, and the reason says so.
"""

from __future__ import annotations

from typing import NamedTuple

from validator.results import ACCEPTED, CLAIMED, FileReport

STATUS_LABEL = {"pass": "通过", "fail": "未通过", "error": "无法检查"}
NO_ERRORS = "没有错误级问题"


class Status(NamedTuple):
    status: str  # pass | fail | error
    failing: tuple[str, ...]  # titles of the rules with an error-severity finding
    pending: tuple[str, ...]  # titles of the rules whose errors the drafter suppressed, not yet accepted
    accepted: tuple[str, ...]  # ... and those a reviewer accepted

    @property
    def label(self) -> str:
        return STATUS_LABEL.get(self.status, self.status)

    @property
    def reason(self) -> str:
        """One line: "错误：第一责任人职责履行情况；单位说明不适用（待核实）：重大行政决策事项目录"; "没有错误级问题"
        for a report that passed; "" for one that could not be checked."""
        if self.status == "error":
            return ""
        parts = []
        if self.failing:
            parts.append(f"错误：{'、'.join(self.failing)}")
        if self.pending:
            parts.append(f"{CLAIMED}：{'、'.join(self.pending)}")
        if not parts:
            parts.append(NO_ERRORS)
        if self.accepted:
            parts.append(f"{ACCEPTED}：{'、'.join(self.accepted)}")
        return "；".join(parts)

    @property
    def text(self) -> str:
        """"未通过（错误：第一责任人职责履行情况）", "通过（没有错误级问题）", "无法检查"."""
        reason = self.reason
        return f"{self.label}（{reason}）" if reason else self.label


def _titles(report: FileReport) -> dict[str, str]:
    return {r.rule.id: r.rule.title for r in report.results if r.rule is not None}


def status_of(report: FileReport) -> Status:
    """The report's status and the rule titles behind it."""
    if report.error is not None or report.score is None:
        return Status("error", (), (), ())
    titles = _titles(report)
    accepted = tuple(dict.fromkeys(
        titles.get(s.finding.rule, s.finding.rule) for s in report.suppressed
        if s.accepted and s.finding.severity == "error"))
    return Status(report.score.status,
                  tuple(titles.get(rule, rule) for rule in report.score.failing),
                  tuple(titles.get(rule, rule) for rule in report.score.pending),
                  accepted)


class ReviewerNote(NamedTuple):
    """A suppression for the reviewer to verify: the drafter's claim that a check does not apply."""

    rule: str
    title: str
    severity: str  # of the suppressed finding
    message: str  # what the check found
    reason: str  # the drafter's reason
    source: str  # where the suppression is written (report:line, or the configuration file)
    state: str  # 单位说明不适用（待核实） | 单位说明不适用（已认可）
    blocks: bool  # keeps the report from 通过 until accepted


def reviewer_notes(report: FileReport) -> list[ReviewerNote]:
    """The report's suppressions, one note per suppressed rule (its findings' messages joined), errors
    first: what the reviewer must check before accepting (or refusing) the drafter's reasons. For the
    opinion drafts' reviewer-only notes; empty when nothing was suppressed."""
    titles = _titles(report)
    by_rule: dict[tuple[str, str, str], list[str]] = {}
    first: dict[tuple[str, str, str], ReviewerNote] = {}
    for item in report.suppressed:
        f = item.finding
        key = (f.rule, item.reason, item.source)
        by_rule.setdefault(key, []).append(f.message)
        note = first.get(key)
        worse = note is None or (f.severity == "error" and note.severity != "error")
        if worse:
            first[key] = ReviewerNote(f.rule, titles.get(f.rule, f.rule), f.severity, "", item.reason, item.source,
                                      item.state, item.blocks or (note is not None and note.blocks))
    notes = [note._replace(message="；".join(dict.fromkeys(by_rule[key]))) for key, note in first.items()]
    return sorted(notes, key=lambda n: n.severity != "error")
