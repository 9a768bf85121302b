"""Checks about the report's structure: a statutory section is present; the plan names next year."""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.checks.quality import whole_span
from validator.model import Mark, Problem, Section, Span, Verdict
from validator.zh import COMMAS, NOT_A_RANGE, SEMICOLONS, YEAR

# --------------------------------------------------------------------------- section


class SectionParams(NamedTuple):
    kind: str
    mentions: tuple[regex.Pattern[str], ...]  # wording that shows the subject is at least mentioned
    mention_credit: float
    allow_subsection: bool  # a titled subsection of another section counts as the section
    min_chars: int  # a section with less body text than this is only partly there


SECTION_PARAMS: par.Params = {
    "kind": par.section_kind("要求的部分（部分类型，见 rules/00-sections.yaml 的 kind）"),
    "mentions": par.patterns("没有单列这一部分时，表明其内容至少被提及的写法（给 mention_credit 的分）"),
    "mention_credit": par.number("仅被提及时给的分（0 到 1）", 0.5, minimum=0, maximum=1),
    "allow_subsection": par.flag("作为其他部分下的小标题出现也算有这一部分（否则有 mentions 时按提及计分）", False),
    "min_chars": par.integer("正文少于这么多字时只算部分写明（0 表示不限）", 0, minimum=0),
}


def _prepare_section(r: ParamReader) -> SectionParams:
    return SectionParams(
        kind=r.get("kind"),
        mentions=r.patterns("mentions"),
        mention_credit=r.get("mention_credit"),
        allow_subsection=r.get("allow_subsection"),
        min_chars=r.get("min_chars"),
    )


def _body_chars(ctx: CheckContext, section: Section) -> int:
    return sum(len(p.text) for p in ctx.document.paragraphs[section.start + 1 : section.end])


def _dedicated(ctx: CheckContext, title: str, kind: str) -> bool:
    """A subsection given to the part: its title names it, and nothing else beside it ("落实第一责任人职责，
    加强党对法治政府建设的领导" joins two matters, so what is under it is only a mention)."""
    return not any(mark in title for mark in COMMAS + SEMICOLONS) and ctx.classifier.classify(title) == kind


def _dedicated_subsection(ctx: CheckContext, kind: str) -> tuple[Section, Section] | None:
    """(the part, its subsection) where a titled subsection is given to ``kind``."""
    for top in ctx.document.sections:
        for sub in top.walk()[1:]:
            if sub.heading and sub.heading.heading and _dedicated(ctx, sub.heading.heading.title, kind):
                return top, sub
    return None


def _run_section(ctx: CheckContext, p: SectionParams) -> Verdict:
    doc = ctx.document
    name = ctx.classifier.name_of(p.kind)
    found = doc.sections_of(frozenset({p.kind}))
    if found:
        marks = [Mark(whole_span(s.heading), f"「{s.title}」") for s in found if s.heading is not None]
        chars = sum(_body_chars(ctx, s) for s in found)
        if chars < p.min_chars:
            span = marks[0].span if marks else None
            return Verdict(0.5, marks, [Problem(f"“{name}”部分只有 {chars} 字，内容过于单薄", span, "too-short")])
        return Verdict(1.0, marks)
    # a subsection given to the part: the part itself where the rule allows it, else a mention where the rule
    # credits mentions (and says where it sits), else nothing
    subsection = _dedicated_subsection(ctx, p.kind) if p.allow_subsection or p.mentions else None
    if subsection is not None:
        top, sub = subsection
        assert sub.heading is not None  # _dedicated_subsection only finds titled ones
        span = whole_span(sub.heading)
        mark = Mark(span, f"作为「{top.title}」下的小标题「{sub.title}」")
        if p.allow_subsection:
            return Verdict(1.0, [mark])
        message = f"“{name}”没有单列部分，只是「{top.title}」下的小标题「{sub.title}」"
        return Verdict(p.mention_credit, [mark], [Problem(message, span, "mentioned-only")])
    m = ctx.text.first(p.mentions)
    if m is not None:
        span = ctx.text.span(m.start(), m.end())
        where = doc.section_of(span.paragraph)
        where_title = where.title if where else "正文"
        message = f"“{name}”没有单列部分，只在「{where_title}」中提及"
        return Verdict(p.mention_credit, [Mark(span, "仅提及")], [Problem(message, span, "mentioned-only")])
    return Verdict(0.0)


SECTION = CheckType("section", "报告含有某一法定部分（按标题分类）；仅在其他部分提及时给部分分", _prepare_section, _run_section,
                    params=SECTION_PARAMS)


# --------------------------------------------------------------------------- plan-year

_YEAR = regex.compile(rf"(?<!\d)({YEAR})\s*年(?!\d)")
_LEADING_YEAR = regex.compile(rf"^\D{{0,8}}?({YEAR})\s*年{NOT_A_RANGE}")


class PlanYearParams(NamedTuple):
    kind: str


def _prepare_plan_year(r: ParamReader) -> PlanYearParams:
    return PlanYearParams(kind=r.get("kind"))


def _plan_year(ctx: CheckContext, section: Section) -> tuple[int, Span] | None:
    """The year a plan section names: in its heading, else at the start of its first paragraph."""
    paras = ctx.document.paragraphs[section.start : section.end]
    if section.heading is not None and section.heading.heading is not None:
        m = _YEAR.search(section.heading.text)
        if m:
            return int(m[1]), Span(section.heading.index, m.start(), m.end())
        paras = paras[1:]
    for para in paras[:1]:
        m = _LEADING_YEAR.search(para.text)
        if m:
            return int(m[1]), Span(para.index, m.start(1), m.end())
    return None


def _run_plan_year(ctx: CheckContext, p: PlanYearParams) -> Verdict:
    year = ctx.document.metadata.report_year
    plans = ctx.document.sections_of(frozenset({p.kind}))
    if year is None:
        return Verdict(None, note="无法确定报告年度")
    if not plans:
        return Verdict(None, note="没有下一年度安排部分")
    named = _plan_year(ctx, plans[0])
    if named is None:
        return Verdict(None, note="下一年度安排部分未写明年份")
    plan_year, span = named
    expected = year + 1
    if plan_year == expected:
        return Verdict(1.0, [Mark(span, f"安排年度 {plan_year} 年")])
    if plan_year <= year:
        message = f"下一年度安排写的是{plan_year}年，{year}年度报告应写{expected}年（疑似沿用往年文稿）"
        return Verdict(0.0, [Mark(span)], [Problem(message, span, "stale-year")])
    message = f"下一年度安排写的是{plan_year}年，{year}年度报告应写{expected}年"
    return Verdict(0.0, [Mark(span)], [Problem(message, span, "wrong-year")])


PLAN_YEAR = CheckType("plan-year", "下一年度安排写明的年份应为报告年度加一", _prepare_plan_year, _run_plan_year,
                      params={"kind": par.section_kind("下一年度安排所在部分的部分类型", "plan")})
