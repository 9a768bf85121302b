"""Checks for wording: a required statement is made; each item of a list of procedures is named."""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks.base import (
    CheckContext,
    CheckType,
    ParamReader,
    clause,
    enclosing,
    search,
)
from validator.model import Mark, Problem, Span, Verdict

MAX_EVIDENCE = 3


# --------------------------------------------------------------------------- phrase


class PhraseParams(NamedTuple):
    patterns: tuple[regex.Pattern[str], ...]  # any of these states the thing
    unless: tuple[regex.Pattern[str], ...]  # ... unless its clause says it is only planned or not done
    require: tuple[regex.Pattern[str], ...]  # ... and its sentence must also say one of these


def _prepare_phrase(r: ParamReader) -> PhraseParams:
    return PhraseParams(r.patterns("patterns"), r.patterns("unless"), r.patterns("require"))


def find_statements(ctx: CheckContext, p: PhraseParams) -> list[Span]:
    """Every place in scope where the statement is made and not negated or deferred."""
    spans: list[Span] = []
    scope = ctx.text
    text = scope.text
    for pattern in p.patterns:
        for m in scope.finditer(pattern):
            c0, c1 = clause(text, m.start(), m.end())
            if any(search(u, text, c0, c1) for u in p.unless):
                continue
            s0, s1 = enclosing(text, m.start(), m.end())
            if p.require and not any(search(q, text, s0, s1) for q in p.require):
                continue
            spans.append(scope.span(m.start(), m.end()))
    return sorted(set(spans), key=lambda s: (s.paragraph, s.start))


def _run_phrase(ctx: CheckContext, p: PhraseParams) -> Verdict:
    spans = find_statements(ctx, p)
    if spans:
        return Verdict(1.0, [Mark(s) for s in spans[:MAX_EVIDENCE]])
    return Verdict(0.0)


PHRASE = CheckType("phrase", "范围内写明了某项内容（可排除计划、否定语境）", _prepare_phrase, _run_phrase)


# --------------------------------------------------------------------------- checklist


class ChecklistItem(NamedTuple):
    name: str
    patterns: tuple[regex.Pattern[str], ...]


class ChecklistParams(NamedTuple):
    items: tuple[ChecklistItem, ...]


def _prepare_checklist(r: ParamReader) -> ChecklistParams:
    items = []
    for i, item in enumerate(r.get("items", [])):
        sub = r.child(item, f"{r.where} ==> At key: items ==> At index {i}")
        items.append(ChecklistItem(item["name"], sub.patterns("patterns")))
    return ChecklistParams(tuple(items))


def _run_checklist(ctx: CheckContext, p: ChecklistParams) -> Verdict:
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


CHECKLIST = CheckType("checklist", "一组事项逐项核对，按写明的比例给分", _prepare_checklist, _run_checklist)
