"""Checks against last year's report: plan follow-through, and problems or plans copied from last year.

Both need ``CheckContext.previous``; without it they are not applicable. Spans point into this
year's report only, so last year's words and places go into the messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.model import Document, Mark, Paragraph, Problem, Span, Verdict

if TYPE_CHECKING:
    from validator import yoy
    from validator.vocabulary import Vocabulary

QUOTE_CHARS = 40
NO_PREVIOUS = "无上年报告可对照（发文机关变更或未提供上年报告；可用 --previous 指定上年报告），本项不计分"
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

# Credit per outcome: a partly delivered item earns half.
OUTCOME_CREDIT = {"delivered": 1.0, "partly": 0.5, "postponed": 0.0, "not_found": 0.0}
OUTCOME_NAME = {"delivered": "已落实", "partly": "部分落实", "postponed": "推迟或取消", "not_found": "未见落实"}
STATEMENT_CHARS = 60


class FollowThroughParams(NamedTuple):
    plan_kind: str  # the section of last year's report whose items are checked
    statements: frozenset[str]  # sections of this year's report where a postponement or pending part counts
    thresholds: yoy.Thresholds


def _measured(name: str) -> par.Deferred:
    """A default measured on the labelled pairs, kept beside the comparison code (imported only when needed)."""
    def get() -> Any:
        from validator import yoy

        return getattr(yoy, name)

    return par.Deferred(get)


FOLLOW_THROUGH_PARAMS: par.Params = {
    "plan_kind": par.section_kind("上年报告中逐项对照的部分", "plan"),
    "statements": par.section_kinds("本年报告中推迟、取消或尚未完成的说法也算数的部分",
                                    ("measures", "first-responsible", "other", "problems")),
    "threshold": par.number("一段已做的工作须包含的一项安排的比例", _measured("DELIVERED_THRESHOLD"),
                            exclusive_minimum=0, maximum=1),
    "head_threshold": par.number("……以及须包含的该项第一句（标题句）的比例", _measured("HEAD_THRESHOLD"),
                                 minimum=0, maximum=1),
    "confident_threshold": par.number("包含该项的比例达到此值时不看标题句", _measured("CONFIDENT_THRESHOLD"),
                                      exclusive_minimum=0, maximum=1.01),
    "statement_threshold": par.number("推迟或尚未完成的说法与一项安排的贴合度下限", _measured("STATEMENT_THRESHOLD"),
                                      exclusive_minimum=0, maximum=1),
    "novel_threshold": par.number("推迟的一项另有这一比例的内容已落实时判为部分落实", _measured("NOVEL_THRESHOLD"),
                                  minimum=0, maximum=1),
}


def _prepare_follow_through(r: ParamReader) -> FollowThroughParams:
    # loading rules happens once (and not at all on a cached run); checking without last year's report
    # never imports the comparison code
    from validator import yoy

    return FollowThroughParams(
        plan_kind=r.get("plan_kind"),
        statements=frozenset(r.get("statements")),
        thresholds=yoy.Thresholds(
            delivered=r.get("threshold"),
            head=r.get("head_threshold"),
            confident=r.get("confident_threshold"),
            statement=r.get("statement_threshold"),
            novel=r.get("novel_threshold"),
        ),
    )


def compare_plans(document: Document, previous: Document, p: FollowThroughParams, scope: list[Paragraph],
                  vocabulary: Vocabulary) -> list[yoy.Delivery] | str:
    """The verdict on each of last year's plan items, or why there is none (a note)."""
    from validator import yoy  # only with last year's report at hand: the comparison code is large

    items = yoy.items_of(previous, p.plan_kind)
    if not items:
        return "上年报告中没有可逐项对照的下一年度安排"
    reader = yoy.Reader(vocabulary)
    units = yoy.units_of(document, scope, document.paragraphs_of(p.statements), reader)
    if not any(u.evidence for u in units):
        return "本年报告中没有主要举措和成效等可对照的部分"
    try:
        return yoy.follow_through(items, units, yoy.rarity_of(units, previous, reader), reader, p.thresholds,
                                  yoy.routine_grams(previous, p.plan_kind, reader))
    except yoy.TooMuchToCompare:
        return TOO_LARGE


def _window_marks(document: Document, window: yoy.Window, note: str) -> list[Mark]:
    """One mark per paragraph of a window (a span stays in one paragraph), the first carrying the note.

    A sub-heading at the head of a window lends its words to the match but is not quoted, unless the
    window is nothing else."""
    units = [u for u in window.units if document.paragraphs[u.span.paragraph].heading is None] or list(window.units)
    marks: list[Mark] = []
    for u in units:
        if marks and marks[-1].span.paragraph == u.span.paragraph:
            last = marks[-1]
            marks[-1] = Mark(Span(last.span.paragraph, last.span.start, u.span.end), last.note)
        else:
            marks.append(Mark(u.span, note if not marks else f"（续）{note}"))
    return marks


def _statement_span(window: yoy.Window) -> Span:
    return window.units[-1].span  # the unit that says it: the one before it only names the subject


def _outcome(d: yoy.Delivery, document: Document, previous: Document) -> tuple[list[Mark], Problem | None]:
    name = d.item.name
    marks: list[Mark] = []
    if d.done is not None:
        marks = _window_marks(document, d.done, f"{OUTCOME_NAME[d.outcome]}：{name}")
        for last, this in d.synonyms:
            unit = next((u for u in d.done.units if this in u.text), d.done.units[0])
            marks.append(Mark(unit.span, f"同义词“{last}”＝“{this}”（{name}）"))
    said = f"本年报告称“{trim(d.statement.text, STATEMENT_CHARS)}”" if d.statement is not None else ""
    if d.outcome == "delivered":
        return marks, None
    if d.outcome == "partly":
        missing = "；".join(trim(c, 30) for c in d.missing[:3])
        parts = [f"上年安排“{name}”部分落实"]
        if missing:
            parts.append(f"尚未见：“{missing}”")
        if said:
            parts.append(said)
        span = _statement_span(d.statement) if d.statement is not None else None
        return marks, Problem("，".join(parts), span, "plan-item-partly")
    if d.outcome == "postponed":
        assert d.statement is not None
        message = f"上年安排“{name}”推迟或取消，不算落实：{said}（{_where(previous, d.item)}）"
        return marks, Problem(message, _statement_span(d.statement), "plan-item-postponed")
    message = f"上年安排“{name}”未见落实情况（{_where(previous, d.item)}）"
    if d.statement is not None:
        return marks, Problem(f"{message}；{said}", _statement_span(d.statement), "plan-item-not-found")
    return marks, Problem(message, None, "plan-item-not-found")


def _run_follow_through(ctx: CheckContext, p: FollowThroughParams) -> Verdict:
    previous = ctx.previous
    if previous is None:
        return Verdict(None, note=NO_PREVIOUS)
    deliveries = compare_plans(ctx.document, previous, p, ctx.scope, ctx.vocabulary)
    if isinstance(deliveries, str):
        return Verdict(None, note=deliveries)
    marks: list[Mark] = []
    problems: list[Problem] = []
    for d in deliveries:
        found, problem = _outcome(d, ctx.document, previous)
        marks += found
        if problem is not None:
            problems.append(problem)
    counts = {k: sum(d.outcome == k for d in deliveries) for k in OUTCOME_NAME}
    note = f"上年安排 {len(deliveries)} 项：" + "，".join(f"{OUTCOME_NAME[k]} {n} 项" for k, n in counts.items() if n)
    credit = sum(OUTCOME_CREDIT[d.outcome] for d in deliveries) / len(deliveries)
    return Verdict(credit, marks, problems, note)


PLAN_FOLLOW_THROUGH = CheckType(
    "plan-followthrough",
    "上年报告的下一年度安排逐项在本年报告中找落实情况（已落实、部分落实、推迟或取消、未见落实），按落实比例给分",
    _prepare_follow_through, _run_follow_through, params=FOLLOW_THROUGH_PARAMS,
)


# --------------------------------------------------------------------------- repeated-problems


class Comparison(NamedTuple):
    kind: str  # the section compared with the same section of last year's report
    code: str  # the problem code of a repeat


class RepeatParams(NamedTuple):
    compare: tuple[Comparison, ...]
    threshold: float  # trigram Jaccard similarity at or above which an item repeats last year's
    min_chars: int  # shorter items ("一是加强学习。") are too short to call copied
    carried_over: bool = True  # a postponed item planned again is carried over, not copied


REPEAT_PARAMS: par.Params = {
    "compare": par.records("逐项比对的部分，及相似时的问题代码", {
        "kind": par.section_kind("部分类型"),
        "code": par.text("问题代码", pattern="^[a-z][a-z0-9-]*$"),
    }, ({"kind": "problems", "code": "problem-repeated"}, {"kind": "plan", "code": "plan-repeated"})),
    "threshold": par.number("与上年一项的相似度（字符三元组 Jaccard）达到此值即算照抄", _measured("REPEAT_THRESHOLD"),
                            exclusive_minimum=0, maximum=1),
    "min_chars": par.integer("短于这么多字的项不比对（“一是加强学习。”）", _measured("REPEAT_MIN_CHARS"), minimum=0),
    "carried_over": par.flag("上年安排中本年报告写明推迟的事项，今年再列入安排不算照抄", True),
}


def _prepare_repeat(r: ParamReader) -> RepeatParams:
    return RepeatParams(
        compare=tuple(Comparison(c.get("kind"), c.get("code")) for c in r.items("compare")),
        threshold=r.get("threshold"),
        min_chars=r.get("min_chars"),
        carried_over=r.get("carried_over"),
    )


# where this year's report tells work done: the shipped plan-followthrough rule's scope (rules/60-yoy.yaml);
# where it may say an item was postponed: that check type's declared default
_CARRY_OVER_DONE = frozenset({"measures", "first-responsible", "other"})


def _postponed(ctx: CheckContext, previous: Document, plan_kind: str) -> frozenset[int]:
    """The ordinals of last year's plan items this year's report says were postponed: planned again,
    they are carried over, not copied ("因上级立法计划调整，推迟至2026年" and the item in the 2026 plan)."""
    from validator import yoy

    statements = frozenset(FOLLOW_THROUGH_PARAMS["statements"].default_value())
    params = FollowThroughParams(plan_kind, statements, yoy.Thresholds())
    deliveries = compare_plans(ctx.document, previous, params, ctx.document.paragraphs_of(_CARRY_OVER_DONE),
                               ctx.vocabulary)
    if isinstance(deliveries, str):
        return frozenset()
    return frozenset(d.item.ordinal for d in deliveries if d.outcome == "postponed")


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
        carried = _postponed(ctx, previous, c.kind) if p.carried_over and c.kind == "plan" and found else frozenset()
        for r in found:
            if r.previous.ordinal in carried:
                continue
            message = (f"与上年「{r.previous.section}」第{r.previous.ordinal}项相似度{r.similarity:.0%}"
                       f"（上年第{r.previous.line}行：“{trim(r.previous.text)}”）")
            problems.append(Problem(message, r.item.span, c.code))
    if not compared:
        return Verdict(None, note="本年或上年报告缺少可对照的部分")
    note = f"与上年对应部分的最高相似度{highest:.0%}（阈值{p.threshold:.0%}）"
    return Verdict(0.0 if problems else 1.0, [], problems, note)


REPEATED = CheckType(
    "repeated-problems", "本年“存在的不足”和下一年度安排与上年报告逐项比对，近乎照抄的列出相似度",
    _prepare_repeat, _run_repeat, params=REPEAT_PARAMS,
)
