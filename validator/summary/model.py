"""The reviewer's table, built once from the checked reports; every summary format renders this.

Rows are sorted worst first: unreadable reports (the reviewer must ask for a readable copy), then
failing ones, then passing ones; within each, lowest score first; files that are not annual reports at
all (a cover letter, a 说明.md) come last and count in no average or pass rate. "Missing or failing
elements" are the rules whose status is fail or partial, grouped by severity (errors first).
The batch's own problems — the same report twice, two reports of one issuer and year, reports of
different years — are ``Summary.notes``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from validator import __version__
from validator.model import KIND_NAME, SEVERITY_NAME, SEVERITY_RANK, STATUS_MARK, Document, Finding, Location
from validator.results import ACCEPTED, CLAIMED, FileReport, RuleResult
from validator.ruleset import Rule, RuleSet
from validator.verdict import ReviewerNote, reviewer_notes, status_of

NOT_REPORT = "not_report"
STATUS_NAME = {"pass": "通过", "fail": "未通过", "error": "无法读取", NOT_REPORT: "不是年度报告"}
CHECK_NAME = {"pass": "通过", "partial": "部分通过", "fail": "未通过", "not_applicable": "不适用", "error": "出错"}
CHECK_MARK = STATUS_MARK
_STATUS_ORDER = {"error": 0, "fail": 1, "pass": 2, NOT_REPORT: 3}
DEFAULT_TITLE = "法治政府建设年度报告审查汇总"
# A report without last year's report to compare with: the year-over-year rules are left out of its score.
UNPAIRED = "发文机关变更或未提供上年报告，未与上年报告对照（上年安排落实等不计分）"
YEAR_OVER_YEAR_CHECKS = frozenset({"plan-followthrough", "repeated-problems"})


@dataclass(frozen=True)
class Quote:
    where: str  # 第12行第3列 / 第4段 / 第2页 第7行; "" when the finding has no place in the text
    text: str
    line: int | None = None
    # the place in words the reporting office can find in its own copy: 第4段 (Word), 第2页 (PDF), or the
    # part of the report ("“二、存在的不足和原因”部分") where lines of a text file or a saved web page mean nothing
    place: str = ""


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
    summary: str = ""  # the rule's own one-line message ("中文里用了半角标点"), for many findings at once


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
    severity: str = "warning"  # the worst of its findings', else the rule's

    @property
    def label(self) -> str:
        """The checklist line as the missing-items column names it: 第一责任人职责履行情况（部分）."""
        return self.title + ("（部分）" if self.status == "partial" else "")


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
    signed: dt.date | None = None  # 成文日期
    published: dt.date | None = None  # 发布日期
    not_report: str | None = None  # why the file is not an annual report (then it is not scored)
    digest: str | None = None  # fingerprint of its text (validator.nature.text_digest)
    source_format: str = ""  # txt, docx, pdf, pdf-ocr, html …
    source_notes: tuple[str, ...] = ()  # what the reader said about the text (OCR, converted by LibreOffice)
    # why it passed or failed (validator.verdict): "错误：第一责任人职责履行情况", "没有错误级问题"
    reason: str = ""
    # for the reviewer only, never for the letter: the drafter's suppressions to verify (validator.verdict)
    reviewer_notes: tuple[ReviewerNote, ...] = ()

    @property
    def status_name(self) -> str:
        return STATUS_NAME.get(self.status, self.status)

    @property
    def label(self) -> str:
        """How tables name the report: its title, else its file."""
        return self.title or self.name

    def missing_groups(self) -> list[tuple[str, list[str]]]:
        """The failing elements by severity, errors first: [("error", ["第一责任人职责履行情况（部分）"]), …]."""
        suppressed = {s.issue.rule: "已认可" if s.accepted else "待核实" for s in self.suppressed}
        groups: dict[str, list[str]] = {}
        for c in sorted(self.failing, key=lambda c: -SEVERITY_RANK.get(c.severity, 0)):
            groups.setdefault(c.severity, []).append(
                c.label + (f"（单位说明不适用，{suppressed[c.rule]}）" if c.rule in suppressed else ""))
        return list(groups.items())

    @property
    def status_text(self) -> str:
        """The status with its reason, for every table: "未通过（错误：第一责任人职责履行情况）"."""
        return f"{self.status_name}（{self.reason}）" if self.reason else self.status_name

    @property
    def missing(self) -> str:
        """The failing elements as one line, for tables: 错误：第一责任人职责履行情况（部分）；警告：不足的原因"""
        if self.error is not None:
            return self.error
        if self.not_report is not None:
            return f"不是年度报告：{self.not_report}"
        failing = "；".join(f"{SEVERITY_NAME.get(sev, sev)}：{'、'.join(items)}" for sev, items in self.missing_groups())
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
class Heading:
    """What the reviewer's outputs say above the table: the title, the reviewing office and the date."""

    title: str = DEFAULT_TITLE
    unit: str = ""  # 审查单位; "" when not given (the opinion drafts then leave a placeholder)
    generated: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Summary:
    rows: tuple[Row, ...]
    rates: tuple[RuleRate, ...]
    tool_version: str = __version__
    heading: Heading = field(default_factory=Heading)
    notes: tuple[str, ...] = ()  # the batch's own problems: duplicates, one issuer twice, mixed years

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def reports(self) -> tuple[Row, ...]:
        """The rows that are annual reports (readable or not): what averages and pass rates are about."""
        return tuple(r for r in self.rows if r.status != NOT_REPORT)

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


_PART_TITLE_MAX = 20


def place_of(location: Location, document: Document | None) -> str:
    """Where a finding stands, in terms the reporting office can find in its own copy (see ``Quote.place``)."""
    if location.page is not None:
        return f"第{location.page}页"
    if location.paragraph is not None:
        return f"第{location.paragraph}段"
    if document is None:
        return ""
    title = "正文开头"
    for top in document.sections:  # sections in reading order: the last one starting at or before the line
        for section in top.walk():
            if section.heading is not None and 0 < section.line <= location.line:
                title = section.title
    if title == "正文开头":
        return title
    short = title if len(title) <= _PART_TITLE_MAX else title[:_PART_TITLE_MAX] + "……"
    return f"“{short}”部分"


def quote_of(location: Location | None, text: str, document: Document | None = None) -> Quote:
    if location is None:
        return Quote("", text)
    return Quote(location.describe(), text, location.line, place_of(location, document))


def issue_of(finding: Finding, rule: Rule | None, document: Document | None = None) -> Issue:
    return Issue(
        rule=finding.rule, title=rule.title if rule else "抑制注释", severity=finding.severity,
        message=finding.message, quote=quote_of(finding.location, finding.quote, document),
        basis=finding.basis, hint=finding.hint, code=finding.code, summary=rule.message if rule else "",
    )


def check_of(result: RuleResult, document: Document | None = None) -> Check:
    points = None if result.credit is None else round(result.credit * result.rule.weight, 2)
    evidence = tuple(quote_of(e.location, e.quote or e.note or e.match, document) for e in result.evidence)
    issues = tuple(issue_of(f, result.rule, document) for f in result.findings)
    severity = max((f.severity for f in result.findings), key=lambda s: SEVERITY_RANK.get(s, 0),
                   default=result.rule.severity)
    return Check(result.rule.id, result.rule.title, str(result.status), points, result.rule.weight,
                 evidence, issues, result.note, severity)


def notes_of(report: FileReport) -> tuple[str, ...]:
    """UNPAIRED when a year-over-year rule did not apply for want of last year's report."""
    unpaired = report.error is None and report.previous is None and any(
        r.rule.check in YEAR_OVER_YEAR_CHECKS and r.status == "not_applicable" for r in report.results)
    return (UNPAIRED,) if unpaired else ()


def row_of(report: FileReport, ruleset: RuleSet) -> Row:
    meta = report.metadata
    document = report.document
    source = document.source if document is not None else None
    # a cover letter or a 说明.md is listed, never scored: in no pass rate and no average
    scored = report.error is None and report.not_report is None
    checks = tuple(check_of(r, document) for r in report.results) if scored else ()
    return Row(
        path=report.path,
        name=display_name(report.path),
        title=(meta.title if meta else None) or "",
        issuer=(meta.issuer if meta else None) or "",
        year=meta.report_year if meta else None,
        kind=KIND_NAME.get((meta.issuer_kind if meta else None) or "", ""),
        score=report.score.value if report.score and scored else None,
        status=report.status if report.error is not None or scored else NOT_REPORT,
        failing=tuple(c for c in checks if c.status in ("fail", "partial")),
        checks=checks,
        issues=tuple(issue_of(f, ruleset.get(f.rule), document) for f in report.findings) if scored else (),
        suppressed=tuple(Suppression(issue_of(s.finding, ruleset.get(s.finding.rule), document), s.reason, s.source,
                                     s.accepted)
                         for s in report.suppressed) if scored else (),
        error=report.error,
        previous=report.previous,
        notes=notes_of(report) if scored else (),
        signed=meta.signed if meta else None,
        published=meta.published if meta else None,
        not_report=report.not_report if report.error is None else None,
        digest=report.digest,
        source_format=source.format if source is not None else "",
        source_notes=tuple(source.notes) if source is not None else (),
        reason=status_of(report).reason if scored else "",
        reviewer_notes=tuple(reviewer_notes(report)) if scored else (),
    )


def sort_key(row: Row) -> tuple[int, float, str]:
    return (_STATUS_ORDER.get(row.status, 0), -1.0 if row.score is None else row.score, row.name)


# --------------------------------------------------------------------------- the batch's own problems


def batch_notes(rows: Sequence[Row]) -> tuple[str, ...]:
    """What the reviewer should know about the batch as a whole, before reading any one report."""
    return (*_duplicates(rows), *_same_issuer_and_year(rows), *_mixed_years(rows))


def _names(rows: Sequence[Row]) -> str:
    return "、".join(r.name for r in rows)


def _duplicates(rows: Sequence[Row]) -> list[str]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.digest is not None and row.error is None:
            groups.setdefault(row.digest, []).append(row)
    return [f"{_names(group)} 的内容相同（重复报送，或同一份报告的不同格式），每份都计入了汇总"
            for group in groups.values() if len(group) > 1]


def _same_issuer_and_year(rows: Sequence[Row]) -> list[str]:
    groups: dict[tuple[str, int], list[Row]] = {}
    for row in rows:
        if row.issuer and row.year is not None and row.status != NOT_REPORT and row.error is None:
            groups.setdefault((row.issuer, row.year), []).append(row)
    out = []
    for (issuer, year), group in groups.items():
        if len(group) > 1 and len({r.digest for r in group}) > 1:  # identical texts are said above
            out.append(f"{issuer}有 {len(group)} 份{year}年度的报告：{_names(group)}（是否有一份是草稿或旧版本？）")
    return out


def _mixed_years(rows: Sequence[Row]) -> list[str]:
    reports = [r for r in rows if r.status != NOT_REPORT and r.error is None and r.year is not None]
    years = Counter(r.year for r in reports if r.year is not None)
    if len(years) < 2:
        return []
    counts = "，".join(f"{year}年度 {n} 份" for year, n in sorted(years.items(), key=lambda item: (-item[1], -item[0])))
    compared = {r.previous for r in reports if r.previous is not None}
    used = sum(r.path in compared for r in reports)
    why = f"；其中 {used} 份作为上年报告与本年报告对照" if used else ""
    return [f"本批报告的年度不一：{counts}{why}"]


def rates_of(rows: Sequence[Row], ruleset: RuleSet) -> tuple[RuleRate, ...]:
    """Per rule, over the annual reports (a file that is not one has no checklist)."""
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


def build_summary(reports: Sequence[FileReport], ruleset: RuleSet, heading: Heading | None = None) -> Summary:
    rows = sorted((row_of(r, ruleset) for r in reports), key=sort_key)
    return Summary(tuple(rows), rates_of(rows, ruleset), heading=heading or Heading(), notes=batch_notes(rows))


def date_text(date: dt.date | None) -> str:
    """A date as a Chinese document writes it (2025年1月20日); "—" when there is none."""
    return "—" if date is None else f"{date.year}年{date.month}月{date.day}日"


def counts_text(summary: Summary) -> str:
    """The batch in one sentence: 共 4 份：通过 2，未通过 1，无法读取 1；平均得分 81.5。"""
    reports = summary.reports
    suppressed = f"；已抑制问题 {summary.suppressed} 个" if summary.suppressed else ""
    others = summary.count(NOT_REPORT)
    extra = f"；另有 {others} 个文件不是年度报告，不计入统计" if others else ""
    return (f"共 {len(reports)} 份：通过 {summary.count('pass')}，未通过 {summary.count('fail')}，"
            f"无法读取 {summary.count('error')}；平均得分 {score_text(summary.average)}{suppressed}{extra}。")


def unused_rules_text(summary: Summary) -> str:
    """The rules that applied to no report (版式 when no report is a .docx …), in one sentence; "" if none."""
    unused = [f"{r.title}（{r.rule}）" for r in summary.rates if r.applicable == 0]
    return f"不适用于本批任何报告的检查项：{'、'.join(unused)}。" if unused else ""


def heading_line(summary: Summary) -> str:
    """审查单位：某某市司法局　生成日期：2025年3月1日 (the unit only when given)."""
    unit = f"审查单位：{summary.heading.unit}　" if summary.heading.unit else ""
    return f"{unit}生成日期：{date_text(summary.heading.generated)}"


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"
