"""Preferred forms: a YAML list of wrong → right wordings (法制政府 → 法治政府, the 四个亲自 formula).

Each entry is a literal ``wrong`` (or a regular expression ``pattern``) and its ``right`` form,
optionally limited to report years (``years: [2023, null]``), to sentences that show the context
(``context``: the 四个亲自 wording only where another 亲自… phrase stands), or excused by ``unless``.
An entry's ``basis`` (the document the preferred form comes from) is the basis of its findings;
without one they cite the rule's.
An entry with a ``right`` form is fixed mechanically by ``--fix`` unless it says ``fix: false``.
A province adds its own list as another rule of this check type in its own rule file.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks.base import (
    CheckContext,
    CheckType,
    ParamReader,
    enclosing,
    search,
)
from validator.checks.quality import graded, replace_edit
from validator.model import Problem, Verdict


class Term(NamedTuple):
    pattern: regex.Pattern[str]
    right: str | None  # the preferred form; None: there is no single right form, only a note
    note: str
    context: tuple[regex.Pattern[str], ...]  # the sentence must match one of these
    unless: tuple[regex.Pattern[str], ...]  # ... and none of these
    first_year: int | None
    last_year: int | None
    fix: bool
    basis: str  # where the preferred form comes from; "" for the rule's basis

    def applies_to(self, report_year: int | None) -> bool:
        if self.first_year is None and self.last_year is None:
            return True
        if report_year is None:
            return False
        return (self.first_year is None or report_year >= self.first_year) and (
            self.last_year is None or report_year <= self.last_year)


class TermParams(NamedTuple):
    terms: tuple[Term, ...]


def _term(r: ParamReader, index: int) -> Term:
    raw = r.get("terms")[index]
    sub = r.child(raw, f"{r.where} ==> At key: terms ==> At index {index}")
    if "pattern" in raw:
        pattern = sub.pattern("pattern", raw["pattern"])
    elif "wrong" in raw:
        pattern = sub.pattern("wrong", regex.escape(raw["wrong"]))
    else:
        raise sub.fail("wrong", "每个条目需要 wrong（原文写法）或 pattern（正则表达式）")
    first, last = raw.get("years", [None, None])
    if first is not None and last is not None and first > last:
        raise sub.fail("years", f"起始年份 {first} 晚于结束年份 {last}")
    right = raw.get("right")
    return Term(pattern, right, raw.get("note", ""), sub.patterns("context"), sub.patterns("unless"),
                first, last, bool(raw.get("fix", right is not None)) and right is not None,
                str(raw.get("basis", "")).strip())


def _prepare(r: ParamReader) -> TermParams:
    return TermParams(tuple(_term(r, i) for i in range(len(r.get("terms", [])))))


def _message(found: str, term: Term) -> str:
    note = f"（{term.note}）" if term.note else ""
    if term.right is None:
        return f"“{found}”{note or '：请核对规范表述'}"
    return f"“{found}”应为“{term.right}”{note}"


def _run(ctx: CheckContext, p: TermParams) -> Verdict:
    year = ctx.document.metadata.report_year
    terms = [t for t in p.terms if t.applies_to(year)]
    problems: list[Problem] = []
    scope = ctx.text
    text = scope.text
    for term in terms:
        for m in scope.finditer(term.pattern):
            s0, s1 = enclosing(text, m.start(), m.end())
            if term.context and not any(search(c, text, s0, s1) for c in term.context):
                continue
            if any(search(u, text, s0, s1) for u in term.unless):
                continue
            span = scope.span(m.start(), m.end())
            fix = replace_edit(ctx.document, span, term.right) if term.fix and term.right is not None else ()
            problems.append(Problem(_message(m.group(0), term), span, "preferred-term", fix, basis=term.basis))
    problems.sort(key=lambda q: (q.span.paragraph, q.span.start) if q.span else (-1, -1))
    return graded(problems)


PREFERRED_FORM = CheckType("preferred-form", "规范表述：按 YAML 词表把错误写法改为规范写法（可按报告年度、语境限定）",
                           _prepare, _run)
