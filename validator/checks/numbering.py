"""Heading numbering (GB/T 9704-2012: 一、 → （一） → 1. → （1））: gaps, repeats, lost numerals, mixed levels.

Siblings in the heading tree are numbered 1, 2, 3… in one style. A heading that lost its numeral in
conversion ("、下步工作安排", or a bare statutory title among numbered ones) is reported with the
label it should have. Headings that carry no numbering at all (Word automatic numbering that was
not extracted) are left alone: there is nothing to compare.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.checks.quality import graded, whole_span
from validator.headings import parse_label
from validator.model import Heading, Paragraph, Problem, Section, Verdict
from validator.numerals import int_to_cn

NUMBERED = ("part", "cn", "paren-cn", "arabic", "paren-arabic", "circled")
MISSING = ("lost", "bare")
# Numbering that body text also uses for lists; a list may start again at 1 under the same heading.
INLINE_LISTS = ("arabic", "paren-arabic", "circled")
# A gap message names at most this many missing labels ("一百、" after "一、" is one gap, not 98 names).
MAX_LISTED_GAP = 5
STYLE_NAME = {"part": "第一部分", "cn": "一、", "paren-cn": "（一）", "arabic": "1.", "paren-arabic": "（1）",
              "circled": "①"}


def label_for(style: str, n: int) -> str:
    if style == "part":
        return f"第{int_to_cn(n)}部分"
    if style == "cn":
        return f"{int_to_cn(n)}、"
    if style == "paren-cn":
        return f"（{int_to_cn(n)}）"
    if style == "arabic":
        return f"{n}."
    if style == "paren-arabic":
        return f"（{n}）"
    return chr(ord("①") + n - 1) if 1 <= n <= 20 else str(n)


def numbering_style(heading: Heading) -> str | None:
    """The numbering a heading uses; for Markdown and Word headings, the style of their label."""
    if heading.style in NUMBERED or heading.style in MISSING:
        return heading.style
    if heading.label:
        parsed = parse_label(heading.label + "题")
        if parsed is not None and parsed.style in NUMBERED:
            return parsed.style
    return None


class SequenceParams(NamedTuple):
    pass


def _prepare(r: ParamReader) -> SequenceParams:
    return SequenceParams()


def _groups(sections: list[Section]) -> Iterator[list[Section]]:
    yield [s for s in sections if s.heading is not None]
    for section in sections:
        yield from _groups(section.children)


def _shown(heading: Heading) -> str:
    return f"{heading.label}{heading.title}"


def _group_problems(group: list[Section]) -> list[Problem]:
    entries: list[tuple[Paragraph, Heading, str]] = []
    for s in group:
        assert s.heading is not None and s.heading.heading is not None
        style = numbering_style(s.heading.heading)
        if style is not None:
            entries.append((s.heading, s.heading.heading, style))
    numbered = [style for _, _, style in entries if style in NUMBERED]
    if not numbered:
        return []  # nothing is numbered here: no sequence to check
    main = numbered[0]
    problems: list[Problem] = []
    expected = 1
    for para, heading, style in entries:
        span = whole_span(para)
        if style in MISSING:
            message = f"标题「{_shown(heading)}」缺少序号，按顺序应为“{label_for(main, expected)}”"
            problems.append(Problem(message, span, "heading-numeral-lost"))
            expected += 1
        elif style != main:
            message = (f"标题「{_shown(heading)}」与同级标题的序号形式“{STYLE_NAME[main]}”不一致"
                       f"（层次依次为“一、”“（一）”“1.”“（1）”）")
            problems.append(Problem(message, span, "heading-level-order"))
        elif heading.number is None or heading.number == expected:
            expected += 1
        elif heading.number == 1 and style in INLINE_LISTS:
            expected = 2  # a second numbered list under the same heading starts again at 1
        elif heading.number > expected:
            missing = _missing_labels(main, expected, heading.number)
            message = f"标题序号不连续：「{_shown(heading)}」之前缺少{missing}"
            problems.append(Problem(message, span, "heading-numbering-gap"))
            expected = heading.number + 1
        else:
            message = f"标题序号重复或倒退：「{_shown(heading)}」，按顺序应为“{label_for(main, expected)}”"
            problems.append(Problem(message, span, "heading-numbering-repeat"))
            expected = heading.number + 1
    return problems


def _missing_labels(style: str, first: int, stop: int) -> str:
    """The labels first … stop-1 for a message, the middle of a long run elided."""
    shown = [f"“{label_for(style, n)}”" for n in range(first, min(stop, first + MAX_LISTED_GAP))]
    if stop - first > MAX_LISTED_GAP:
        shown.append(f"……“{label_for(style, stop - 1)}”共{stop - first}个")
    return "、".join(shown)


def _run(ctx: CheckContext, p: SequenceParams) -> Verdict:
    in_scope = {para.index for para in ctx.scope}
    problems = [problem for group in _groups(ctx.document.sections) for problem in _group_problems(group)
                if problem.span is None or problem.span.paragraph in in_scope]
    return graded(problems)


HEADING_SEQUENCE = CheckType("heading-sequence", "标题序号连续、不重复、不缺失，同级标题序号形式一致（GB/T 9704）",
                             _prepare, _run)
