"""Checks that judge claims (validator/claims.py), not raw matches: a statutory period, a statement made.

Only what the report says was done in the reporting year counts for a pass; a period below the minimum
is a violation when the report says it was done, or admits it in its problems section, about the
instrument the rule is for; other instruments' periods (规范性文件 5 个工作日, 行政复议 60 日 …) are
neither; a report that truthfully states no major decision was made gets the rule as not applicable.
"""

from __future__ import annotations

from typing import NamedTuple

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.claims import MAJOR_DECISION, Claim, Quantity, number_text
from validator.model import Mark, Problem, Span, Verdict

MAX_EVIDENCE = 3
# modalities that report this year's practice, for good or ill
PRACTICE = ("done", "admitted")


def not_applicable(ctx: CheckContext, instrument: str) -> Verdict | None:
    """Not applicable when the rule is about major decisions and the report truthfully states that none
    was made this year (validator.claims.Claims.no_decision_statement); a rule about another instrument
    (a province's 规范性文件 period) is not excused by that."""
    span = ctx.claims.no_decision_statement() if instrument == MAJOR_DECISION else None
    return None if span is None else no_decisions_verdict(span)


def no_decisions_verdict(span: Span) -> Verdict:
    """不适用, with the sentence that says no major decision was made as the evidence."""
    return Verdict(None, [Mark(span, "报告写明本年度没有重大行政决策事项")], note="本年度无重大行政决策事项，不适用")


# --------------------------------------------------------------------------- period


class PeriodParams(NamedTuple):
    topic: str  # the claims topic, e.g. comment-period
    instrument: str  # whose statutory minimum this is, e.g. major-decision
    minimum: float
    unit: str  # days | workdays
    label: str  # how messages name the period
    skip_without_decisions: bool


# what both claim checks are about: a topic of the claims vocabulary (claims: in the rule files), for an instrument
_TOPIC = par.Param({"$ref": par.KIND_REF}, "主张事项（rules/05-claims.yaml 中 claims.topics 的 id，如 comment-period）",
                   names="topic")
_INSTRUMENT = par.Param({"$ref": par.KIND_REF}, "针对哪项制度（claims.instruments 的 id）", MAJOR_DECISION,
                        names="instrument")
_SKIP = par.flag("报告如实写明本年度没有重大行政决策事项时不适用", True)


def _prepare_period(r: ParamReader) -> PeriodParams:
    return PeriodParams(
        topic=r.get("topic"), instrument=r.get("instrument"), minimum=r.get("minimum"),
        unit=r.get("unit"), label=r.get("label"),
        skip_without_decisions=r.get("not_applicable_without_decisions"),
    )


def _unit_name(p: PeriodParams) -> str:
    return "个工作日" if p.unit == "workdays" else "日"


def _violations(claims: list[Claim], p: PeriodParams) -> list[tuple[Claim, Quantity | None]]:
    """Below the minimum, about this instrument by name (an unnamed one could be any procedure), in this
    year's practice, with no urgency explained; or admitted in the problems section as too short."""
    out: list[tuple[Claim, Quantity | None]] = []
    for c in claims:
        if c.instrument != p.instrument or c.modality not in PRACTICE or c.urgent:
            continue
        short = [q for q in c.quantities if q.below(p.minimum, p.unit)]
        out.extend((c, q) for q in short)
        if not c.quantities and c.modality == "admitted" and c.shortfall:
            out.append((c, None))
    return out


def _violation_problem(ctx: CheckContext, claim: Claim, q: Quantity | None, p: PeriodParams) -> Problem:
    where = "“存在的不足”部分承认" if claim.modality == "admitted" else "报告写明"
    if q is None:
        message = f"{where}{p.label}不足（法定一般不少于{number_text(p.minimum)}{_unit_name(p)}）"
        return Problem(message, claim.sentence, "below-minimum")
    shown = q.describe()
    message = f"{where}{p.label}为“{shown}”，少于法定的{number_text(p.minimum)}{_unit_name(p)}，且未说明紧急情况"
    return Problem(message, q.span, "below-minimum")


def _run_period(ctx: CheckContext, p: PeriodParams) -> Verdict:
    claims = [c for c in ctx.claims.of(p.topic) if c.about(p.instrument)]
    violations = _violations(claims, p)
    if violations:
        problems = [_violation_problem(ctx, c, q, p) for c, q in violations]
        return Verdict(0.0, [Mark(q.span if q else c.sentence) for c, q in violations[:MAX_EVIDENCE]], problems)
    done = [c for c in claims if c.modality == "done"]
    meets = [(c, q) for c in done for q in c.quantities if q.meets(p.minimum, p.unit)]
    if meets:
        return Verdict(1.0, [Mark(q.span, f"{p.label}：{q.describe()}") for _, q in meets[:MAX_EVIDENCE]])
    excused = [(c, q) for c in done if c.urgent for q in c.quantities if q.comparator != "difference"]
    if excused:
        return Verdict(1.0, [Mark(q.span, f"{p.label}{q.text}，并说明了紧急情况") for _, q in excused[:MAX_EVIDENCE]])
    if p.skip_without_decisions:
        skipped = not_applicable(ctx, p.instrument)
        if skipped is not None:
            return skipped
    if done:
        first = done[0]
        unsure = [q for c in done for q in c.quantities if q.comparator != "difference"]
        if unsure:
            message = (f"写明的时限“{unsure[0].describe()}”不足以确认{p.label}达到法定的"
                       f"{number_text(p.minimum)}{_unit_name(p)}")
        else:
            message = f"提到了相关程序，但未写明{p.label}（法定一般不少于{number_text(p.minimum)}{_unit_name(p)}）"
        return Verdict(0.5, [Mark(first.span, "提及但未写明时限")], [Problem(message, first.span, "no-period")])
    return Verdict(0.0, note=_absent_note(claims))


def _absent_note(claims: list[Claim]) -> str:
    planned = [c for c in claims if c.modality == "planned"]
    return "只在下一年度安排中提到" if planned else ""


PERIOD = CheckType("period", "按语句主张判断法定时限：哪项制度、是否已做、写明多长（日期区间、一个月、工作日）",
                   _prepare_period, _run_period, uses_claims=True, params={
                       "topic": _TOPIC,
                       "instrument": _INSTRUMENT,
                       "minimum": par.number("法定的最短期限", exclusive_minimum=0, maximum=10000),
                       "unit": par.choice("期限的单位：日或工作日", ("days", "workdays"), "days"),
                       "label": par.text("问题说明中怎样称呼这一期限（如“公开征求意见期限”）", "期限",
                                         min_length=1, max_length=200),
                       "not_applicable_without_decisions": _SKIP,
                   })


# --------------------------------------------------------------------------- statement


class StatementParams(NamedTuple):
    topic: str
    instrument: str
    skip_without_decisions: bool


def _prepare_statement(r: ParamReader) -> StatementParams:
    return StatementParams(topic=r.get("topic"), instrument=r.get("instrument"),
                           skip_without_decisions=r.get("not_applicable_without_decisions"))


_WHY_NOT = {
    "negated": "报告写明尚未做到",
    "admitted": "“存在的不足”部分承认尚未做到",
    "studied": "只写了学习、转发或制定相关管理办法，没有写明本身已做到",
    "planned": "只在计划或下一年度安排中提到",
    "conditional": "只写了条件或要求，没有写明已做到",
}


def _run_statement(ctx: CheckContext, p: StatementParams) -> Verdict:
    claims = [c for c in ctx.claims.of(p.topic) if c.about(p.instrument)]
    done = [c for c in claims if c.modality == "done"]
    if done:
        return Verdict(1.0, [Mark(c.span) for c in done[:MAX_EVIDENCE]])
    if p.skip_without_decisions:
        skipped = not_applicable(ctx, p.instrument)
        if skipped is not None:
            return skipped
    for modality in ("negated", "admitted", "studied", "planned", "conditional"):
        said = [c for c in claims if c.modality == modality]
        if said:
            topic = ctx.claim_vocabulary.topic(p.topic)
            name = topic.name if topic else p.topic
            return Verdict(0.0, [Mark(c.span, _WHY_NOT[modality]) for c in said[:MAX_EVIDENCE]],
                           [Problem(f"{name}：{_WHY_NOT[modality]}", said[0].sentence, "not-done")])
    return Verdict(0.0)


STATEMENT = CheckType("statement", "按语句主张判断某事项是否已经做到（排除计划、否定、仅学习、条件）",
                      _prepare_statement, _run_statement, uses_claims=True, params={
                          "topic": _TOPIC, "instrument": _INSTRUMENT, "not_applicable_without_decisions": _SKIP})
