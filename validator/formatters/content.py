"""What a report for people says, independent of how it is drawn.

The rich terminal report and the plain-text report (for pipes, pre-commit and CI logs) show the
same things in the same order; this module decides the wording once and both only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from validator.engine import RuleResult
from validator.model import KIND_NAME, STATUS_MARK, Finding, Metadata
from validator.pipeline import FileReport

# Check types whose evidence and findings are each one item of a list the reviewer reads whole
# (each of last year's plan items with its verdict): listed in full under the checklist.
ITEMISED_CHECKS = frozenset({"plan-followthrough", "repeated-problems"})


class ChecklistRow(NamedTuple):
    status: str
    mark: str
    title: str
    rule: str
    credit: str  # "15/15", "7.5/15", "—"
    detail: str


class Item(NamedTuple):
    ok: bool
    lead: str
    where: str
    tail: str


class Itemised(NamedTuple):
    title: str
    note: str
    items: list[Item]


class Counts:
    """The closing line of a batch, counted report by report."""

    def __init__(self) -> None:
        self.by_status = {"pass": 0, "fail": 0, "error": 0}
        self.suppressed = 0

    def add(self, report: FileReport) -> None:
        self.by_status[report.status] = self.by_status.get(report.status, 0) + 1
        self.suppressed += len(report.suppressed)

    def line(self) -> str | None:
        total = sum(self.by_status.values())
        if total <= 1:
            return None
        suppressed = f"，已抑制问题 {self.suppressed} 个" if self.suppressed else ""
        return (f"共 {total} 份：通过 {self.by_status['pass']}，未通过 {self.by_status['fail']}，"
                f"无法检查 {self.by_status['error']}{suppressed}")


def verdict(report: FileReport) -> tuple[bool, str]:
    """(passed, "✓ 通过  得分 91.0/100")."""
    ok = report.status == "pass"
    score = report.score.value if report.score else None
    return ok, ("✓ 通过" if ok else "✗ 未通过") + (f"  得分 {score:.1f}/100" if score is not None else "")


def metadata_fields(meta: Metadata) -> list[tuple[str, str]]:
    kind = KIND_NAME.get(meta.issuer_kind or "", "")
    return [
        ("报告", meta.title or "（未识别标题）"),
        ("发文机关", f"{meta.issuer}（{kind}）" if meta.issuer else "（未识别）"),
        ("年度", str(meta.report_year) if meta.report_year else "（未识别）"),
        ("成文日期", meta.signed.isoformat() if meta.signed else "—"),
        ("发布日期", meta.published.isoformat() if meta.published else "—"),
    ]


def evidence_summary(r: RuleResult) -> str:
    if not r.evidence or r.rule.check in ITEMISED_CHECKS:
        return r.note
    e = r.evidence[0]
    where = f"（{e.location.describe()}）" if e.location else ""
    shown = e.note or f"“{e.match}”"
    more = f" 等{len(r.evidence)}处" if len(r.evidence) > 1 else ""
    return f"{shown}{where}{more}"


def checklist(results: Sequence[RuleResult]) -> list[ChecklistRow]:
    rows = []
    for r in results:
        credit = "—" if r.credit is None else f"{round(r.credit * r.rule.weight, 1):g}/{r.rule.weight:g}"
        rows.append(ChecklistRow(str(r.status), STATUS_MARK.get(r.status, "?"), r.rule.title, r.rule.id, credit,
                                 evidence_summary(r)))
    return rows


def itemised(results: Sequence[RuleResult]) -> list[Itemised]:
    """Every item of a list-like rule: its evidence (what was found) and its findings."""
    out = []
    for r in results:
        if r.rule.check not in ITEMISED_CHECKS or r.credit is None or not (r.evidence or r.findings):
            continue
        items = [Item(True, e.note, f"（{e.location.describe()}）" if e.location else "",
                      f"“{e.quote}”" if e.quote else "") for e in r.evidence]
        items += [Item(False, f.message, f"（本年{f.location.describe()}）" if f.location else "", "")
                  for f in r.findings]
        out.append(Itemised(r.rule.title, r.note, items))
    return out


def finding_where(f: Finding) -> str:
    if f.location is None:
        return ""
    return f.location.describe() + (f"  “{f.quote}”" if f.quote else "")
