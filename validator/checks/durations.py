"""A stated time limit meets a statutory minimum (30 days of public comment, 7 working days of review).

Understands "超过/不少于/不低于/以上" (at least), "以内/不超过" (at most), Arabic and Chinese
numerals, 日/天/工作日/个月/周, and binds a duration to its subject only when nothing that
belongs to another procedure stands between them.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks.base import (
    CheckContext,
    CheckType,
    ParamReader,
    clause,
    enclosing,
    finditer,
    search,
)
from validator.model import Mark, Problem, Span, Verdict
from validator.numerals import cn_to_int

_AT_LEAST = "超过|多于|不少于|不低于|不短于|至少|满|达到|长于|大于|逾"
_AT_MOST = "不超过|不多于|少于|低于|短于|仅|只有|不足"
DURATION = regex.compile(
    r"(?<![月\d.])(?P<num>\d{1,3}|[一二两三四五六七八九十半]{1,3})"
    r"(?P<unit>个?工作日|个?自然日|日|天|个月|周|个?星期)(?!\d)"
    r"(?P<post>及以上|以上|之内|以内|内|左右)?"
)
# the qualifier before the number, looked for only where a duration was found (trying these
# alternatives at every position of a report would cost more than all the rest of the rule)
_QUALIFIER = regex.compile(rf"(?:{_AT_MOST}|{_AT_LEAST}|为期|为|共|达)$")
_QUALIFIER_MAX = 4
_LOOKBACK = 30
_LOOKAHEAD = 12


class Statement(NamedTuple):
    span: Span
    amount: float  # in the rule's unit
    bound: str  # at_least | at_most | exact
    urgent: bool
    text: str


def to_unit(num: str, unit: str, target: str) -> float | None:
    """Amount of the duration in days (calendar) or workdays, as ``target`` asks."""
    value: float | None = 0.5 if num == "半" else (float(num) if num.isdigit() else cn_to_int(num))
    if value is None:
        return None
    unit = unit.removeprefix("个")
    if unit == "工作日":
        return value if target == "workdays" else value * 7 / 5
    days = {"日": 1, "天": 1, "自然日": 1, "周": 7, "星期": 7, "月": 30}[unit] * value
    return days if target == "days" else days * 5 / 7


def bound_of(pre: str | None, post: str | None) -> str:
    if (pre and regex.fullmatch(_AT_MOST, pre)) or post in ("之内", "以内", "内"):
        return "at_most"
    if (pre and regex.fullmatch(_AT_LEAST, pre)) or post in ("以上", "及以上"):
        return "at_least"
    return "exact"


class DurationParams(NamedTuple):
    subject: tuple[regex.Pattern[str], ...]
    blockers: tuple[regex.Pattern[str], ...]  # words of other procedures that break the binding
    minimum: float
    unit: str  # days | workdays
    urgency: tuple[regex.Pattern[str], ...]
    label: str  # how messages name the limit, e.g. "公开征求意见期限"


def _prepare(r: ParamReader) -> DurationParams:
    return DurationParams(
        subject=r.patterns("subject"),
        blockers=r.patterns("blockers"),
        minimum=float(r.get("minimum")),
        unit=r.get("unit", "days"),
        urgency=r.patterns("urgency"),
        label=r.get("label", "期限"),
    )


def _binds(between: str, p: DurationParams) -> bool:
    return not any(search(b, between) for b in p.blockers) and DURATION.search(between) is None


def _subject_near(text: str, start: int, m: regex.Match[str], s0: int, p: DurationParams) -> bool:
    before = text[max(s0, start - _LOOKBACK) : start]
    for pattern in p.subject:
        hits = list(finditer(pattern, before))
        if hits and _binds(before[hits[-1].end() :], p):
            return True
    # after the duration, only within its own clause: "超过30日，合法性审查…" binds 30 days to nothing after
    _, c1 = clause(text, m.start(), m.end())
    after = text[m.end() : min(c1, m.end() + _LOOKAHEAD)]
    for pattern in p.subject:
        hit = search(pattern, after)
        if hit and _binds(after[: hit.start()], p):
            return True
    return False


def statements(ctx: CheckContext, p: DurationParams) -> list[Statement]:
    found: list[Statement] = []
    scope = ctx.text
    text = scope.text
    for m in scope.finditer(DURATION):
        s0, s1 = enclosing(text, m.start(), m.end())
        qualifier = _QUALIFIER.search(text, max(s0, m.start() - _QUALIFIER_MAX), m.start())
        pre = qualifier.group(0) if qualifier else None
        start = qualifier.start() if qualifier else m.start()
        if not _subject_near(text, start, m, s0, p):
            continue
        amount = to_unit(m["num"], m["unit"], p.unit)
        if amount is None:
            continue
        urgent = any(search(u, text, s0, s1) for u in p.urgency)
        found.append(Statement(scope.span(start, m.end()), amount, bound_of(pre, m["post"]), urgent,
                               text[start : m.end()]))
    return found


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.1f}"


def _run(ctx: CheckContext, p: DurationParams) -> Verdict:
    unit_name = "个工作日" if p.unit == "workdays" else "日"
    found = statements(ctx, p)
    short = [s for s in found if s.amount < p.minimum and not s.urgent]
    if short:
        problems = [Problem(f"{p.label}写为“{s.text}”，少于法定的{_fmt(p.minimum)}{unit_name}，且未说明紧急情况",
                            s.span, "below-minimum") for s in short]
        return Verdict(0.0, [Mark(s.span) for s in short], problems)
    meets = [s for s in found if s.amount >= p.minimum and s.bound != "at_most"]
    if meets:
        return Verdict(1.0, [Mark(s.span, f"{p.label}：{s.text}") for s in meets[:3]])
    excused = [s for s in found if s.urgent]
    if excused:
        return Verdict(1.0, [Mark(s.span, "时限较短，但说明了紧急情况") for s in excused[:3]])
    m = ctx.text.first(p.subject)
    if m:
        span = ctx.text.span(m.start(), m.end())
        message = f"提到了相关程序，但未写明{p.label}（法定一般不少于{_fmt(p.minimum)}{unit_name}）"
        return Verdict(0.5, [Mark(span, "提及但未写明时限")], [Problem(message, span, "no-period")])
    return Verdict(0.0)


DURATION_CHECK = CheckType("duration", "写明的时限不少于法定最低时限（理解“超过、不少于、以上”等说法）", _prepare, _run)
