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

from validator.checks import params as par
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


TERM: par.Params = {
    "wrong": par.text("原文的写法（按字面查找）；与 pattern 二选一", None, min_length=1, max_length=500),
    "pattern": par.pattern("原文的写法（正则表达式）；与 wrong 二选一", None),
    "right": par.text("规范写法；给出时可由 --fix 自动修改", None, min_length=1, max_length=500),
    "note": par.text("写进问题说明的解释", "", max_length=500),
    "basis": par.text("规范写法出自的文件；该条目的问题引用它而不是规则的依据", "", max_length=500),
    "context": par.patterns("所在句子须含有其中之一"),
    "unless": par.patterns("所在句子含有这些时不算"),
    "years": par.Param({"type": "array", "minItems": 2, "maxItems": 2,
                        "items": {"type": ["integer", "null"], "minimum": 1949, "maximum": 2100}},
                       "适用的报告年度 [起, 止]（含两端，null 表示不限）", (None, None)),
    "fix": par.flag("是否由 --fix 自动修改（默认：给出 right 时修改）", None),
}
_WRONG_OR_PATTERN = {"oneOf": [{"required": ["wrong"]}, {"required": ["pattern"]}]}


def _term(sub: ParamReader) -> Term:
    raw_pattern, wrong = sub.get("pattern"), sub.get("wrong")
    if raw_pattern is not None:
        pattern = sub.pattern("pattern", raw_pattern)
    else:
        pattern = sub.pattern("wrong", regex.escape(wrong))
    first, last = sub.get("years")
    if first is not None and last is not None and first > last:
        sub.report("years", f"起始年份 {first} 晚于结束年份 {last}")
    right = sub.get("right")
    fix = sub.get("fix")
    return Term(pattern, right, sub.get("note"), sub.patterns("context"), sub.patterns("unless"),
                first, last, (right is not None if fix is None else fix) and right is not None,
                str(sub.get("basis") or "").strip())


def _prepare(r: ParamReader) -> TermParams:
    return TermParams(tuple(_term(sub) for sub in r.items("terms")))


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
                           _prepare, _run, params={
                               "terms": par.records("错误写法 → 规范写法的词表", TERM, each=_WRONG_OR_PATTERN)})
