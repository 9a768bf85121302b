"""Checks for wording: a required statement is made; each item of a list of procedures is named."""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import (
    CheckContext,
    CheckType,
    ParamReader,
    clause,
    enclosing,
    search,
)
from validator.checks.claimed import no_decisions_verdict
from validator.model import Mark, Paragraph, Problem, Span, Verdict
from validator.zh import FULL_STOPS

MAX_EVIDENCE = 3


# --------------------------------------------------------------------------- phrase


class PhraseParams(NamedTuple):
    patterns: tuple[regex.Pattern[str], ...]  # any of these states the thing
    unless: tuple[regex.Pattern[str], ...]  # ... unless its clause says it is only planned or not done
    require: tuple[regex.Pattern[str], ...]  # ... and its sentence must also say one of these
    skip_headings: bool  # a heading's own words do not state it ("二、存在的不足和原因" over symptoms)
    headings: tuple[regex.Pattern[str], ...]  # ... but a subsection so titled, with a body, does


PHRASE_PARAMS: par.Params = {
    "patterns": par.patterns("写明这项内容的说法（正则表达式，任一处匹配即算写明）", par.REQUIRED, min_items=1),
    "unless": par.patterns("所在分句含有这些说法时不算（“将”“拟”“尚未”等计划、否定语境）"),
    "require": par.patterns("所在句子还须含有其中之一才算"),
    "skip_headings": par.flag("标题本身的文字不算写明（标题“存在的不足和原因”不等于分析了原因）", False),
    "headings": par.patterns("以这些为题、下面有正文的小标题也算写明"),
}


def _prepare_phrase(r: ParamReader) -> PhraseParams:
    return PhraseParams(r.patterns("patterns"), r.patterns("unless"), r.patterns("require"),
                        r.get("skip_headings"), r.patterns("headings"))


_TITLE_END = regex.compile(f"[{FULL_STOPS}]")


def heading_end(paragraph: Paragraph) -> int:
    """Where a heading paragraph's title ends (a heading may run on into body text); 0 for body text."""
    if paragraph.heading is None:
        return 0
    m = _TITLE_END.search(paragraph.text)
    return m.end() if m else len(paragraph.text)


def find_statements(ctx: CheckContext, p: PhraseParams) -> list[Span]:
    """Every place in scope where the statement is made and not negated or deferred."""
    spans: list[Span] = []
    scope = ctx.text
    text = scope.text
    for pattern in p.patterns:
        for m in scope.finditer(pattern):
            span = scope.span(m.start(), m.end())
            if p.skip_headings and span.start < heading_end(ctx.document.paragraphs[span.paragraph]):
                continue
            c0, c1 = clause(text, m.start(), m.end())
            if any(search(u, text, c0, c1) for u in p.unless):
                continue
            s0, s1 = enclosing(text, m.start(), m.end())
            if p.require and not any(search(q, text, s0, s1) for q in p.require):
                continue
            spans.append(span)
    return sorted(set(spans), key=lambda s: (s.paragraph, s.start))


_MIN_BODY = 10  # characters under a subsection heading for it to count as written


def titled_subsections(ctx: CheckContext, patterns: tuple[regex.Pattern[str], ...]) -> list[Span]:
    """Subsections within the scope whose title matches, with a body under them."""
    if not patterns:
        return []
    in_scope = {para.index for para in ctx.scope}
    out: list[Span] = []
    for top in ctx.document.sections:
        for section in top.walk()[1:]:
            heading = section.heading
            if heading is None or heading.heading is None or heading.index not in in_scope:
                continue
            if not any(search(pt, heading.heading.title) for pt in patterns):
                continue
            body = len(heading.text) - heading_end(heading) + sum(
                len(para.text) for para in ctx.document.paragraphs[section.start + 1:section.end])
            if body >= _MIN_BODY:
                out.append(Span(heading.index, 0, heading_end(heading)))
    return out


def _run_phrase(ctx: CheckContext, p: PhraseParams) -> Verdict:
    spans = find_statements(ctx, p) or titled_subsections(ctx, p.headings)
    if spans:
        return Verdict(1.0, [Mark(s) for s in spans[:MAX_EVIDENCE]])
    return Verdict(0.0)


PHRASE = CheckType("phrase", "范围内写明了某项内容（可排除计划、否定语境）", _prepare_phrase, _run_phrase,
                   params=PHRASE_PARAMS)


# --------------------------------------------------------------------------- checklist


class ChecklistItem(NamedTuple):
    name: str
    patterns: tuple[regex.Pattern[str], ...]


class ChecklistParams(NamedTuple):
    items: tuple[ChecklistItem, ...]
    skip_without_decisions: bool  # not applicable when the report states it made no major decision


CHECKLIST_PARAMS: par.Params = {
    "not_applicable_without_decisions": par.flag("报告写明本年度没有重大行政决策事项时不适用", False),
    "items": par.records("逐项核对的事项", {
        "name": par.text("事项名称（写进问题说明：“未写明：……”）", min_length=1),
        "patterns": par.patterns("写明这一事项的说法（任一处匹配即算）", par.REQUIRED, min_items=1),
    }),
}


def _prepare_checklist(r: ParamReader) -> ChecklistParams:
    items = tuple(ChecklistItem(item.get("name"), item.patterns("patterns")) for item in r.items("items"))
    return ChecklistParams(items, r.get("not_applicable_without_decisions"))


def _run_checklist(ctx: CheckContext, p: ChecklistParams) -> Verdict:
    denial = ctx.claims.no_decision_statement() if p.skip_without_decisions else None
    if denial is not None:
        return no_decisions_verdict(denial)
    marks: list[Mark] = []
    missing: list[str] = []
    for item in p.items:
        m = ctx.text.first(item.patterns)
        if m:
            marks.append(Mark(ctx.text.span(m.start(), m.end()), item.name))
        else:
            missing.append(item.name)
    credit = (len(p.items) - len(missing)) / len(p.items) if p.items else None
    if not missing:
        return Verdict(credit, marks)
    message = f"未写明：{'、'.join(missing)}（已写明 {len(marks)}/{len(p.items)} 项）"
    return Verdict(credit, marks, [Problem(message, None, "items-missing")])


CHECKLIST = CheckType("checklist", "一组事项逐项核对，按写明的比例给分", _prepare_checklist, _run_checklist,
                      uses_claims=True, params=CHECKLIST_PARAMS)
