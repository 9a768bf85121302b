"""What a report for people says, independent of how it is drawn.

The rich terminal report and the plain-text report (for pipes, pre-commit and CI logs) show the
same things in the same order; this module decides the wording once and both only lay it out:

1. the status, the score and why (validator.verdict), then the report's metadata;
2. the checklist as one line of counts (``--verbose``: every rule with its evidence);
3. the findings grouped by rule, errors first: the rule's title, mark and points, each occurrence's
   message, position and quote, then the basis and the hint once. By default a group lists its first
   few occurrences and the positions of the rest, quotes cut to a line and the basis to its citations
   (the document and article), so a report fits about a screen; ``--verbose`` lists everything in full.

Positions are the ones that mean something in the file's own program: 第N段 in Word, 第N页第N行 in a
PDF, the line in a web page's source, line:column in a text file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import regex

from validator.model import KIND_NAME, SEVERITY_NAME, SEVERITY_RANK, STATUS_MARK, Finding, Location, Metadata
from validator.results import DIRECTIVE_RULE, MORE_FINDINGS, SECTIONS_RULE, FileReport, RuleResult, RunStats
from validator.verdict import reviewer_notes, status_of
from validator.wrap import width

# Occurrences of one rule listed in full by default; the rest by position only.
SHOWN_OCCURRENCES = 2
# A quote is cut to this many columns by default (about 30 Chinese characters): enough to find it.
QUOTE_COLUMNS = 60
# Titles of findings that belong to no rule of the rule set.
PSEUDO_TITLES = {DIRECTIVE_RULE: "抑制注释", SECTIONS_RULE: "部分分类"}
STATUS_WORDS = (("pass", "通过"), ("partial", "部分通过"), ("fail", "未通过"), ("not_applicable", "不适用"),
                ("error", "出错"))

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


def closing_line(stats: RunStats) -> str | None:
    """The closing line of a batch: "共 5 份：通过 2，未通过 3，无法检查 0"; none for a single report."""
    if stats.files <= 1:
        return None
    suppressed = f"，已抑制问题 {stats.suppressed} 个" if stats.suppressed else ""
    return f"共 {stats.files} 份：通过 {stats.passed}，未通过 {stats.failed}，无法检查 {stats.errors}{suppressed}"


def verdict(report: FileReport) -> tuple[bool, str]:
    """(passed, "✓ 通过  得分 91.0/100")."""
    ok = report.status == "pass"
    score = report.score.value if report.score else None
    return ok, ("✓ 通过" if ok else "✗ 未通过") + (f"  得分 {score:.1f}/100" if score is not None else "")


def reason(report: FileReport) -> str:
    """Why it passed or failed: "未通过的原因：错误：第一责任人职责履行情况" / "通过：没有错误级问题"."""
    status = status_of(report)
    if not status.reason:
        return ""
    return f"{'通过' if status.status == 'pass' else '未通过的原因'}：{status.reason}"


def tally(results: Sequence[RuleResult]) -> str:
    """The checklist as counts: "检查清单 43 项：通过 20，部分通过 7，未通过 6，不适用 10"."""
    counts = {status: sum(str(r.status) == status for r in results) for status, _ in STATUS_WORDS}
    parts = [f"{word} {counts[status]}" for status, word in STATUS_WORDS if counts[status]]
    return f"检查清单 {len(results)} 项：{'，'.join(parts)}"


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


# --------------------------------------------------------------------------- findings by rule


def position(location: Location | None, fmt: str) -> str:
    """Where, in the terms of the file's own program: 第12段 (Word), 第2页第7行 (PDF, OFD), 第30行 (the web
    page's source), 15:237 (a text file's line and column)."""
    if location is None:
        return ""
    if location.page is not None:
        return f"第{location.page}页第{location.line}行"
    if location.paragraph is not None:
        return f"第{location.paragraph}段"
    if fmt == "html":
        return f"第{location.line}行"
    return f"{location.line}:{location.column}"


_CITATION_HEAD = regex.compile(r"《|^GB|^第|^中国共产党")


def short_basis(basis: str) -> str:
    """The citations of a basis without the quoted provisions: "《重大行政决策程序暂行条例》第十五条：征求意见
    期限一般不少于30日；……" → "《重大行政决策程序暂行条例》第十五条"."""
    heads = []
    for part in regex.split(r"[；;]", basis):
        head = regex.split(r"[：:]", part, maxsplit=1)[0].strip()
        if _CITATION_HEAD.search(head):
            heads.append(head)
    return "；".join(dict.fromkeys(heads)) or basis


def clip(text: str, columns: int, around: str = "") -> str:
    """``text`` cut to about ``columns`` display columns, with "…" where cut; kept around the words
    ``around`` when they are in it (a finding's match may stand at the end of a long sentence)."""
    if width(text) <= columns:
        return text
    at = text.find(around) if around else -1
    start = 0
    if at > 0:
        # begin a third of the room before the match, but never cut the match itself
        before = max(0, (columns - width(around)) // 3)
        start = at
        while start > 0 and width(text[start - 1:at]) <= before:
            start -= 1
    out, used = [], 1 if start else 0
    for char in text[start:]:
        used += width(char)
        if used > columns - 1:
            break
        out.append(char)
    cut = "".join(out)
    return ("…" if start else "") + cut + ("…" if start + len(cut) < len(text) else "")


class Occurrence(NamedTuple):
    where: str  # position() of the finding; "" when it has none (a missing section)
    message: str
    quote: str
    match: str = ""  # the words in ``quote`` the finding is about

    def short_quote(self) -> str:
        """The quote cut to a line, around the words the finding is about."""
        return clip(self.quote, QUOTE_COLUMNS, self.match)


class Group(NamedTuple):
    """One rule's findings of one severity and basis, shown under one heading."""

    severity: str
    rule: str
    title: str
    mark: str  # the rule's checklist mark (✗ ◐ ! …), "" for a pseudo-rule
    points: str  # "7.5/15", "" for a pseudo-rule or an unweighted rule
    basis: str
    hint: str
    occurrences: tuple[Occurrence, ...]
    unlisted: str  # "本规则另有 N 处问题未逐一列出…" (the engine's cap), "" when none
    itemised: bool  # its items are listed under the checklist already (last year's plan items)


def _points(result: RuleResult) -> str:
    if result.credit is None or result.rule.weight <= 0:
        return ""
    return f"{round(result.credit * result.rule.weight, 1):g}/{result.rule.weight:g}"


def groups(report: FileReport) -> list[Group]:
    """The report's findings by (severity, rule, basis): errors first, then warnings and notes, each in
    rule-set order."""
    fmt = report.document.source.format if report.document is not None else ""
    results = {r.rule.id: r for r in report.results}
    order = {rule: i for i, rule in enumerate(results)}
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    for f in report.findings:
        grouped.setdefault((f.severity, f.rule, f.basis), []).append(f)
    out = []
    for (severity, rule, basis), findings in grouped.items():
        result = results.get(rule)
        listed = [f for f in findings if f.code != MORE_FINDINGS]
        more = [f.message for f in findings if f.code == MORE_FINDINGS]
        out.append(Group(
            severity=severity, rule=rule,
            title=result.rule.title if result is not None else PSEUDO_TITLES.get(rule, rule),
            mark=STATUS_MARK.get(str(result.status), "") if result is not None else "",
            points=_points(result) if result is not None else "",
            basis=basis, hint=(listed or findings)[0].hint,
            occurrences=tuple(Occurrence(position(f.location, fmt), f.message, f.quote, f.match) for f in listed),
            unlisted="；".join(more),
            itemised=result is not None and result.rule.check in ITEMISED_CHECKS and result.credit is not None,
        ))
    out.sort(key=lambda g: (-SEVERITY_RANK.get(g.severity, 0), order.get(g.rule, len(order))))
    return out


def group_heading(group: Group) -> str:
    """"[错误] ◐ 第一责任人职责履行情况  7.5/15  report.first-responsible  共 3 处"."""
    head = f"[{SEVERITY_NAME.get(group.severity, group.severity)}] "
    head += f"{group.mark} {group.title}" if group.mark else group.title
    parts = [head, group.points, group.rule, f"共 {len(group.occurrences)} 处" if len(group.occurrences) > 1 else ""]
    return "  ".join(part for part in parts if part)


def rest_positions(occurrences: Sequence[Occurrence]) -> str:
    """"另 10 处：15:3、17:3、…" for the occurrences not shown in full."""
    places = [o.where for o in occurrences if o.where]
    listed = f"：{'、'.join(places)}" if places else ""
    return f"另 {len(occurrences)} 处{listed}（--verbose 逐处列出）"


def suppression_lines(report: FileReport, verbose: bool) -> list[str]:
    """The drafter's suppressions, one per rule, with their state (待核实 / 已认可) and reason."""
    notes = reviewer_notes(report)
    out = []
    for note in notes:
        where = f"（{note.source}）" if verbose else ""
        blocks = "，未认可前报告不算通过" if note.blocks else ""
        out.append(f"{note.state}：{note.title}（{note.rule}）{blocks}；理由：{note.reason}{where}")
    return out
