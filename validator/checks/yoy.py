"""Checks against last year's report: plan follow-through, and problems or plans copied from last year.

Both need ``CheckContext.previous``; without it they are not applicable. Spans point into this
year's report only, so last year's words and places go into the messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.model import Document, Mark, Problem, Verdict

if TYPE_CHECKING:
    from validator import yoy

QUOTE_CHARS = 40
NO_PREVIOUS = "无上年报告，不作对照（可用 --previous 指定上年报告）"
TOO_LARGE = "本年和上年报告的可对照内容过多，超出逐项对照的上限，未作对照"


def trim(text: str, limit: int = QUOTE_CHARS) -> str:
    """A short quote of last year's text for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _where(document: Document, item: yoy.Item) -> str:
    """Where an item stood in last year's report, for a message."""
    year = document.metadata.report_year
    report = f"{year}年度报告" if year else "上年报告"
    return f"{report}「{item.section}」第{item.ordinal}项，第{item.line}行"


# --------------------------------------------------------------------------- plan-followthrough


class FollowThroughParams(NamedTuple):
    plan_kind: str  # the section of last year's report whose items are checked
    threshold: float  # share of an item's weighted content one sentence must contain


def _prepare_follow_through(r: ParamReader) -> FollowThroughParams:
    # loading rules happens once (and not at all on a cached run); checking without last year's report
    # never imports the comparison code
    from validator import yoy

    return FollowThroughParams(
        plan_kind=r.get("plan_kind", "plan"),
        threshold=float(r.get("threshold", yoy.DELIVERED_THRESHOLD)),
    )


def _run_follow_through(ctx: CheckContext, p: FollowThroughParams) -> Verdict:
    previous = ctx.previous
    if previous is None:
        return Verdict(None, note=NO_PREVIOUS)
    from validator import yoy  # only with last year's report at hand: the comparison code is large

    items = yoy.items_of(previous, p.plan_kind)
    if not items:
        return Verdict(None, note="上年报告中没有可逐项对照的下一年度安排")
    found = yoy.passages(yoy.evidence_paragraphs(ctx.document, ctx.scope))
    if not found:
        return Verdict(None, note="本年报告中没有主要举措和成效等可对照的部分")
    try:
        deliveries = yoy.follow_through(items, found, yoy.rarity_of(ctx.document, previous))
    except yoy.TooMuchToCompare:
        return Verdict(None, note=TOO_LARGE)
    marks: list[Mark] = []
    problems: list[Problem] = []
    for d in deliveries:
        if d.passage is not None and d.delivered(p.threshold):
            marks.append(Mark(d.passage.span, f"已落实：{d.item.name}"))
        else:
            message = f"上年安排“{d.item.name}”未见落实情况（{_where(previous, d.item)}）"
            problems.append(Problem(message, None, "plan-item-not-found"))
    done = len(marks)
    note = f"上年安排 {len(items)} 项，已见落实 {done} 项"
    return Verdict(done / len(items), marks, problems, note)


PLAN_FOLLOW_THROUGH = CheckType(
    "plan-followthrough", "上年报告的下一年度安排逐项在本年报告中找落实情况，按落实比例给分",
    _prepare_follow_through, _run_follow_through,
)


# --------------------------------------------------------------------------- repeated-problems


class Comparison(NamedTuple):
    kind: str  # the section compared with the same section of last year's report
    code: str  # the problem code of a repeat


class RepeatParams(NamedTuple):
    compare: tuple[Comparison, ...]
    threshold: float  # trigram Jaccard similarity at or above which an item repeats last year's
    min_chars: int  # shorter items ("一是加强学习。") are too short to call copied


def _prepare_repeat(r: ParamReader) -> RepeatParams:
    # loading rules happens once (and not at all on a cached run); checking without last year's report
    # never imports the comparison code
    from validator import yoy

    default = [{"kind": "problems", "code": "problem-repeated"}, {"kind": "plan", "code": "plan-repeated"}]
    return RepeatParams(
        compare=tuple(Comparison(c["kind"], c["code"]) for c in r.get("compare", default)),
        threshold=float(r.get("threshold", yoy.REPEAT_THRESHOLD)),
        min_chars=int(r.get("min_chars", yoy.REPEAT_MIN_CHARS)),
    )


def _run_repeat(ctx: CheckContext, p: RepeatParams) -> Verdict:
    previous = ctx.previous
    if previous is None:
        return Verdict(None, note=NO_PREVIOUS)
    from validator import yoy  # only with last year's report at hand: the comparison code is large

    problems: list[Problem] = []
    compared = False
    highest = 0.0
    for c in p.compare:
        current, earlier = yoy.items_of(ctx.document, c.kind), yoy.items_of(previous, c.kind)
        if not current or not earlier:
            continue
        compared = True
        try:
            found, similarity = yoy.repeats(current, earlier, p.threshold, p.min_chars)
        except yoy.TooMuchToCompare:
            return Verdict(None, note=TOO_LARGE)
        highest = max(highest, similarity)
        for r in found:
            message = (f"与上年「{r.previous.section}」第{r.previous.ordinal}项相似度{r.similarity:.0%}"
                       f"（上年第{r.previous.line}行：“{trim(r.previous.text)}”）")
            problems.append(Problem(message, r.item.span, c.code))
    if not compared:
        return Verdict(None, note="本年或上年报告缺少可对照的部分")
    note = f"与上年对应部分的最高相似度{highest:.0%}（阈值{p.threshold:.0%}）"
    return Verdict(0.0 if problems else 1.0, [], problems, note)


REPEATED = CheckType(
    "repeated-problems", "本年“存在的不足”和下一年度安排与上年报告逐项比对，近乎照抄的列出相似度",
    _prepare_repeat, _run_repeat,
)
